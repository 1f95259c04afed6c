# ruff: noqa: E501 (one pattern or one reviewed message per line reads and reviews best)
"""The assistant's fixed, reviewed messages in its nine languages.

These and the approved answers of the bank are the only texts a young person ever
receives from the assistant (a test walks every reply path to check it). They are kept
here, not in the .po catalogues, because Kazakh, Kyrgyz and Uzbek are content languages
of the assistant but not interface languages of the platform. Changes go through the
same clinical review as answers. No message ever names a method of self-harm.
"""

from __future__ import annotations

AUTOMATED = {
    "en": "I am an automated assistant, not a person. My answers were written and checked by health professionals.",
    "fr": "Je suis un assistant automatique, pas une personne. Mes réponses ont été écrites et vérifiées par des professionnels de santé.",
    "es": "Soy un asistente automático, no una persona. Mis respuestas fueron escritas y revisadas por profesionales de la salud.",
    "ar": "أنا مساعد آلي ولست شخصًا. كتب إجاباتي وراجعها مختصون في الصحة.",
    "ru": "Я автоматический помощник, а не человек. Мои ответы написали и проверили специалисты по здоровью.",
    "zh-hans": "我是自动助手，不是真人。我的回答由健康专业人员撰写和审核。",
    "kk": "Мен адам емеспін, автоматты көмекшімін. Жауаптарымды денсаулық мамандары жазып, тексерген.",
    "ky": "Мен адам эмесмин, автоматтык жардамчымын. Жоопторумду ден соолук адистери жазып, текшерген.",
    "uz": "Men odam emasman, avtomatik yordamchiman. Javoblarimni sog'liq mutaxassislari yozgan va tekshirgan.",
}

CRISIS = {
    "en": (
        "What you wrote sounds serious, and I am glad you told me. You do not have to deal with this alone. "
        "Please talk to someone now: the helplines below are free and confidential. "
        "If you are in danger right now, call your local emergency number. "
        "You can also ask to talk to a trained counsellor here."
    ),
    "fr": (
        "Ce que tu écris semble grave, et je suis content que tu en parles. Tu n'as pas à affronter cela seul·e. "
        "Parle à quelqu'un maintenant : les lignes d'écoute ci-dessous sont gratuites et confidentielles. "
        "Si tu es en danger immédiat, appelle le numéro d'urgence de ton pays. "
        "Tu peux aussi demander à parler ici à un conseiller formé."
    ),
    "es": (
        "Lo que escribes suena serio, y me alegra que lo hayas contado. No tienes que enfrentarlo solo o sola. "
        "Habla con alguien ahora: las líneas de ayuda de abajo son gratuitas y confidenciales. "
        "Si estás en peligro ahora mismo, llama al número de emergencias de tu país. "
        "También puedes pedir hablar aquí con un consejero formado."
    ),
    "ar": (
        "ما كتبته يبدو خطيرًا، وأنا سعيد لأنك أخبرتني. لست مضطرًا لمواجهة هذا وحدك. "
        "تحدث مع أحد الآن: خطوط المساعدة أدناه مجانية وسرية. "
        "إذا كنت في خطر الآن، اتصل برقم الطوارئ في بلدك. "
        "ويمكنك أيضًا أن تطلب التحدث هنا مع مرشد مدرَّب."
    ),
    "ru": (
        "То, что ты написал(а), звучит серьёзно, и хорошо, что ты об этом рассказал(а). Ты не должен(на) справляться с этим один (одна). "
        "Пожалуйста, поговори с кем-нибудь прямо сейчас: телефоны доверия ниже бесплатные и анонимные. "
        "Если тебе угрожает опасность прямо сейчас, звони в экстренную службу. "
        "Ты также можешь попросить поговорить здесь с обученным консультантом."
    ),
    "zh-hans": (
        "你写的内容听起来很严重，谢谢你告诉我。你不必独自面对。"
        "请现在就找人谈谈：下面的求助热线免费且保密。"
        "如果你现在有危险，请拨打当地的紧急电话。"
        "你也可以在这里请求与受过培训的辅导员交谈。"
    ),
    "kk": (
        "Сен жазған нәрсе маңызды естіледі, айтқаның жақсы болды. Мұны жалғыз көтерудің қажеті жоқ. "
        "Қазір біреумен сөйлес: төмендегі сенім телефондары тегін әрі құпия. "
        "Қазір қауіп төніп тұрса, жедел қызметке қоңырау шал. "
        "Сондай-ақ осында дайындықтан өткен кеңесшімен сөйлесуді сұрай аласың."
    ),
    "ky": (
        "Сен жазгандар олуттуу угулат, айтканың жакшы болду. Муну жалгыз көтөрүүнүн кереги жок. "
        "Азыр бирөө менен сүйлөш: төмөнкү ишеним телефондору акысыз жана купуя. "
        "Азыр коркунучта болсоң, тез жардам кызматына чал. "
        "Ошондой эле бул жерде даярдалган кеңешчи менен сүйлөшүүнү сурасаң болот."
    ),
    "uz": (
        "Yozganlaring jiddiy eshitiladi, aytganing yaxshi bo'ldi. Bu bilan yolg'iz kurashishing shart emas. "
        "Hozir kim bilandir gaplash: quyidagi ishonch telefonlari bepul va maxfiy. "
        "Hozir xavf ostida bo'lsang, favqulodda xizmatga qo'ng'iroq qil. "
        "Shuningdek, bu yerda tayyorlangan maslahatchi bilan gaplashishni so'rashing mumkin."
    ),
}

CLARIFY = {
    "en": "I am not sure I understood. Could you tell me a little more, or choose a topic?",
    "fr": "Je ne suis pas sûr d'avoir compris. Peux-tu m'en dire un peu plus, ou choisir un sujet ?",
    "es": "No estoy seguro de haber entendido. ¿Puedes contarme un poco más o elegir un tema?",
    "ar": "لست متأكدًا أنني فهمت. هل يمكنك أن تخبرني بالمزيد، أو تختار موضوعًا؟",
    "ru": "Я не уверен, что понял. Расскажи чуть подробнее или выбери тему.",
    "zh-hans": "我不确定是否理解了。你能多说一点，或者选择一个话题吗？",
    "kk": "Түсіндім бе, сенімді емеспін. Толығырақ айтып бересің бе, әлде тақырып таңдайсың ба?",
    "ky": "Түшүндүмбү, ишенбейм. Толугураак айтып бересиңби же тема тандайсыңбы?",
    "uz": "Tushundimmi, ishonchim komil emas. Batafsilroq aytib berasanmi yoki mavzu tanlaysanmi?",
}

TOPICS = {
    "en": [
        "Stress",
        "Exams",
        "Sleep",
        "Friendship",
        "Relationships",
        "Bullying and cyberbullying",
        "Online safety",
        "Body image",
        "Healthy living",
        "Where to get help",
    ],
    "fr": [
        "Stress",
        "Examens",
        "Sommeil",
        "Amitié",
        "Relations amoureuses",
        "Harcèlement et cyberharcèlement",
        "Sécurité en ligne",
        "Image du corps",
        "Vie saine",
        "Où trouver de l'aide",
    ],
    "es": [
        "Estrés",
        "Exámenes",
        "Sueño",
        "Amistad",
        "Relaciones",
        "Acoso y ciberacoso",
        "Seguridad en línea",
        "Imagen corporal",
        "Vida sana",
        "Dónde pedir ayuda",
    ],
    "ar": [
        "التوتر",
        "الامتحانات",
        "النوم",
        "الصداقة",
        "العلاقات",
        "التنمر والتنمر الإلكتروني",
        "الأمان على الإنترنت",
        "صورة الجسد",
        "الحياة الصحية",
        "أين أجد المساعدة",
    ],
    "ru": [
        "Стресс",
        "Экзамены",
        "Сон",
        "Дружба",
        "Отношения",
        "Травля и кибербуллинг",
        "Безопасность в интернете",
        "Образ тела",
        "Здоровый образ жизни",
        "Где найти помощь",
    ],
    "zh-hans": [
        "压力",
        "考试",
        "睡眠",
        "友谊",
        "恋爱关系",
        "欺凌和网络欺凌",
        "网络安全",
        "身体形象",
        "健康生活",
        "去哪里求助",
    ],
    "kk": [
        "Стресс",
        "Емтихандар",
        "Ұйқы",
        "Достық",
        "Қарым-қатынас",
        "Қорлау және кибербуллинг",
        "Интернеттегі қауіпсіздік",
        "Дене бейнесі",
        "Салауатты өмір",
        "Көмекті қайдан табуға болады",
    ],
    "ky": [
        "Стресс",
        "Экзамендер",
        "Уйку",
        "Достук",
        "Мамилелер",
        "Кордоо жана кибербуллинг",
        "Интернеттеги коопсуздук",
        "Дене образы",
        "Дени сак жашоо",
        "Жардамды кайдан табууга болот",
    ],
    "uz": [
        "Stress",
        "Imtihonlar",
        "Uyqu",
        "Do'stlik",
        "Munosabatlar",
        "Bulling va kiberbulling",
        "Internetda xavfsizlik",
        "Tana qiyofasi",
        "Sog'lom turmush",
        "Yordamni qayerdan topish mumkin",
    ],
}

HANDOFF_WAITING = {
    "en": "A counsellor will answer here, usually within {minutes} minutes. You can leave at any time.",
    "fr": "Un conseiller répondra ici, en général dans les {minutes} minutes. Tu peux partir à tout moment.",
    "es": "Un consejero responderá aquí, normalmente en unos {minutes} minutos. Puedes irte cuando quieras.",
    "ar": "سيرد عليك مرشد هنا، عادة خلال {minutes} دقيقة. يمكنك المغادرة في أي وقت.",
    "ru": "Консультант ответит здесь, обычно в течение {minutes} минут. Ты можешь уйти в любой момент.",
    "zh-hans": "辅导员会在这里回复，通常在 {minutes} 分钟内。你可以随时离开。",
    "kk": "Кеңесші осында, әдетте {minutes} минут ішінде жауап береді. Кез келген уақытта кете аласың.",
    "ky": "Кеңешчи бул жерде, адатта {minutes} мүнөттүн ичинде жооп берет. Каалаган убакта кете аласың.",
    "uz": "Maslahatchi shu yerda, odatda {minutes} daqiqa ichida javob beradi. Istalgan vaqtda chiqib ketishing mumkin.",
}

OUTSIDE_HOURS = {
    "en": "Counsellors are not online now (they answer {hours}). Your request is kept for them. If you need help now, please call one of the helplines.",
    "fr": "Les conseillers ne sont pas en ligne maintenant (ils répondent {hours}). Ta demande leur est gardée. Si tu as besoin d'aide maintenant, appelle une des lignes d'écoute.",
    "es": "Los consejeros no están conectados ahora (responden {hours}). Tu solicitud queda guardada para ellos. Si necesitas ayuda ahora, llama a una de las líneas de ayuda.",
    "ar": "المرشدون غير متصلين الآن (يردون {hours}). طلبك محفوظ لهم. إذا كنت تحتاج إلى مساعدة الآن، اتصل بأحد خطوط المساعدة.",
    "ru": "Консультанты сейчас не в сети (они отвечают {hours}). Твой запрос сохранён для них. Если помощь нужна сейчас, позвони на один из телефонов доверия.",
    "zh-hans": "辅导员现在不在线（服务时间：{hours}）。你的请求已为他们保留。如果你现在需要帮助，请拨打求助热线。",
    "kk": "Кеңесшілер қазір желіде емес (олар {hours} жауап береді). Сұрауың оларға сақталды. Көмек қазір керек болса, сенім телефонына қоңырау шал.",
    "ky": "Кеңешчилер азыр тармакта эмес (алар {hours} жооп беришет). Сурооң алар үчүн сакталды. Жардам азыр керек болсо, ишеним телефонуна чал.",
    "uz": "Maslahatchilar hozir tarmoqda emas (ular {hours} javob berishadi). So'rovingiz ular uchun saqlandi. Yordam hozir kerak bo'lsa, ishonch telefoniga qo'ng'iroq qil.",
}

INTERNATIONAL_DIRECTORY = "https://childhelplineinternational.org/helplines/"


def fixed(messages: dict[str, str], language: str, **values: object) -> str:
    """The message in `language` (English when the assistant has none), with its values."""
    text = messages.get(language) or messages["en"]
    return text.format(**values) if values else text


def topics(language: str) -> list[str]:
    return TOPICS.get(language) or TOPICS["en"]
