# ruff: noqa: E501 (one pattern or one reviewed message per line reads and reviews best)
"""The crisis detector's curated patterns, per language, on normalised text.

Text reaches these patterns lower-cased, with one kind of apostrophe, ё read as е,
letters repeated for emphasis cut to one and Arabic diacritics removed
(`crisis.normalise`). Weights: 1.0 is a crisis by itself; 0.3-0.5 needs another signal
(a second pattern, similarity to an example, distress words, the conversation so far).

The patterns name situations and feelings, never methods. Kazakh, Kyrgyz and Uzbek
(Latin and Cyrillic) patterns use word stems, so the endings of those languages match.
Content reviewers extend these lists; the evaluation set measures every change.
"""

from __future__ import annotations

import re

# The detector writes every alef as a bare alef (crisis.normalise); so do the patterns.
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا"})


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.translate(_ALEF))


Rule = tuple[str, float, re.Pattern[str]]


def _rules(spec: list[tuple[str, float, str]]) -> list[Rule]:
    return [(category, weight, _compile(pattern)) for category, weight, pattern in spec]


PATTERNS: dict[str, list[Rule]] = {
    "en": _rules(
        [
            ("self_harm", 1.0, r"\bsuicid|\bkms\b|\bunalive|\bsewer ?slide"),
            (
                "self_harm",
                1.0,
                r"\b(kill|hurt|harm|cut|cutting|hurting|harming)\w* (my|her|him|them)sel(f|ves)\b",
            ),
            (
                "self_harm",
                1.0,
                r"\b(want|wanna|going|planning|wants|ready)( to)? (die|dye|end it|end my life)\b",
            ),
            (
                "self_harm",
                1.0,
                r"\b(don'?t|do not|dont|doesn'?t) want to (live|be alive|wake up|exist)",
            ),
            (
                "self_harm",
                1.0,
                r"\bend (my|her|his|their) (own )?li(fe|ves)\b|\bno reason to live\b",
            ),
            ("self_harm", 0.6, r"\bbetter (off )?without me\b|\bgoodbye (letter|note|message)s?\b"),
            (
                "self_harm",
                1.0,
                r"\bending it( all)?\b|\bend it all\b|\bbetter off dead\b|\bdisappear (forever|for good)\b|\bnot (be )?(here|around) any ?more\b",
            ),
            (
                "self_harm",
                0.5,
                r"\bwhat'?s the point (of|in) (anything|living|life|going on|me)\b|\bno point (in )?(living|going on)\b",
            ),
            (
                "abuse",
                1.0,
                r"\b(dad|father|mom|mum|mother|step\w*|uncle|aunt|brother|sister|parents?|grand\w*|teacher|coach|cousin)\b.{0,40}\b(hits?|beats?|kicks?|slaps?|burns?|chokes?|hurts?|touch(es)?|rapes?|molests?)\b.{0,10}\b(me|her|him)\b",
            ),
            (
                "abuse",
                0.6,
                r"\b(locks?|locked) (me|her|him) (in|up)\b|\b(doesn'?t|don'?t|never) (give|feed) (me|her|him)\b.{0,15}\bfood",
            ),
            (
                "abuse",
                0.6,
                r"\b(teacher|coach|uncle|stepdad|adult|man|neighbou?r)\b.{0,30}\btouch(es|ing)? (me|my)\b",
            ),
            ("abuse", 0.6, r"\b(it'?s|is) our secret\b|\bsexually abus|\bmolest|\brape[ds]?\b"),
            (
                "abuse",
                0.6,
                r"\bworthless every day\b|\b(screams?|yells?) (at me )?until\b|\bcalls? me (worthless|useless|stupid) every",
            ),
            (
                "violence",
                1.0,
                r"\b(said|says|threaten\w*|going to|gonna|will|'ll|wants? to)\b.{0,25}\b(stab|shoot|kill|murder|knife|beat)\w*\b.{0,25}\b(me|us|everyone|people|all of us|my family)\b",
            ),
            (
                "violence",
                1.0,
                r"\b(gun|knife|weapon|rifle)s?\b.{0,40}\b(school|class|shoot|everyone|people)\b",
            ),
            ("violence", 0.6, r"\bbeat (me|us) up\b|\bbeaten up\b|\bjumped me\b"),
            ("violence", 1.0, r"\bbring(ing)? (a |his |her )?(knife|gun|weapon)"),
            (
                "bullying",
                1.0,
                r"\bnudes?\b|\b(naked|intimate|private) (photo|pic|picture|video)s?\b.{0,30}\b(shared|posted|leaked|sent|spread)|\b(shared|posted|leaked|sent|spread)\b.{0,30}\b(naked|intimate|private|nude) (photo|pic|picture|video)",
            ),
            ("bullying", 0.5, r"\bbull(y|ies|ied|ying)\b|\bcyberbull|\bharass"),
            (
                "bullying",
                0.6,
                r"\b(go|should|to) die\b|\bkill yourself\b|\bkys\b|\bfake (account|profile|page)",
            ),
            ("bullying", 0.3, r"\b(posting|posted|sharing) videos? of me\b|\blaugh(ing)? at me\b"),
            (
                "eating",
                1.0,
                r"\bmake (myself|me) (throw up|sick|vomit)\b|\bpurg(e|ing)\b|\bstarv(e|ing) (my|her|him)self\b|\bpro-?ana\b|\bthinspo",
            ),
            (
                "eating",
                1.0,
                r"\bhaven'?t eaten (in|for) \w+ days?\b|\banorex|\bbulimi|\bunderweight\b",
            ),
            ("eating", 0.5, r"\bnot eating\b|\b(lose|losing) more weight\b|\bfeel (so )?fat\b"),
            (
                "danger",
                1.0,
                r"\b(photos?|pics?|pictures?|videos?)\b.{0,15}\b(without|no) clothes\b|\bsend (me )?(nudes|naked)",
            ),
            (
                "danger",
                1.0,
                r"\b(blackout|choking|blue whale|momo|skull ?breaker|pass ?out) (challenge|game)\b|\bblue whale\b",
            ),
            (
                "danger",
                0.6,
                r"\b(met|meet|know) (him |her )?(online|in a game|on (the )?internet)\b|\bdon'?t tell (my|your) parents\b|\bnot tell (my|your) parents\b|\bkeep it (a )?secret\b",
            ),
            (
                "danger",
                0.6,
                r"\b(come|go) to (his|her) (flat|house|place|home|apartment)\b|\bpay me\b.{0,20}\bmeet\b|\bdared? me\b.{0,30}\bchallenge\b",
            ),
        ]
    ),
    "ru": _rules(
        [
            (
                "self_harm",
                1.0,
                r"покончить с собой|суицид|самоубий|выпил(иться|юсь|иться)|роскомнадзор\w* (себя|меня)",
            ),
            (
                "self_harm",
                1.0,
                r"не хоч\w* (больше )?(жить|просыпаться|существовать)|хоч\w* (умереть|умиреть|умерть|сдохнуть|исчезнуть навсегда|не жить)",
            ),
            (
                "self_harm",
                1.0,
                r"(режу|режет|режешь|порезал\w*|кромсаю|причиняю вред) себ|селфхарм|самоповрежд",
            ),
            ("self_harm", 0.6, r"прощальн\w* (письм|записк)|лучше (бы )?без меня"),
            (
                "self_harm",
                1.0,
                r"(нет смысла|незачем) жить|жить не хочется|исчезнуть навсегда|покончить со всем",
            ),
            (
                "abuse",
                1.0,
                r"(отчим|отец|папа|мама|мать|мачех|дяд|брат|сестр|бабушк|дедушк|тренер|учител|родител)\w*.{0,40}(бь[её]т|избива|трога|насил|домога|приставал|запира)",
            ),
            (
                "abuse",
                0.6,
                r"бь[её]т меня|трогает меня|наш секрет|без еды|ничтожеств|насилу|домогает",
            ),
            (
                "violence",
                1.0,
                r"(зареж|убь[её]т|убьют|пристрел|перестреля|застрел|прибь[её]т|порежу|прирежу)",
            ),
            ("violence", 1.0, r"(ружь|пистолет|нож|оружи|ствол)\w*.{0,40}(школ|всех|убь|стрел)"),
            ("violence", 0.6, r"избил\w*|угрожа\w* (убить|расправ)"),
            (
                "bullying",
                1.0,
                r"интимн\w* фот|нюдс|(слили|слил|выложили|разослали).{0,30}(фот|видео)",
            ),
            ("bullying", 0.6, r"травят|травл|буллинг|гнобят|издева"),
            ("bullying", 0.6, r"иди умри|убей себя|сдохни|фейков\w* (страниц|аккаунт)"),
            (
                "eating",
                1.0,
                r"вызыва\w* рвот|не ем (уже )?\w+ (дн|недел)|анорекс|булими|голода\w* специально",
            ),
            ("eating", 0.6, r"скры\w*.{0,30}не ем|(надо|нужно) (ещ[её] )?похуде|не ем\b"),
            ("danger", 1.0, r"фото без одежды|голы\w* фот|синий кит|синего кита|тихий дом"),
            (
                "danger",
                0.6,
                r"(не говорить|не говори|не рассказывай|никому не).{0,20}(родител|маме|папе)|к себе домой|челлендж",
            ),
            (
                "danger",
                0.6,
                r"(из интернета|из игры|в сети).{0,40}(зов[её]т|просит|предлага)|(прислать|пришли|скинь).{0,20}фот",
            ),
        ]
    ),
    "kk": _rules(
        [
            (
                "self_harm",
                1.0,
                r"өзімді өлтір|өлгім кел|өлгісі кел|өмір сүргім келмей|өзін-өзі өлтір|суицид",
            ),
            ("self_harm", 1.0, r"өзімді (тағы )?кес"),
            ("self_harm", 0.6, r"қоштасу хат"),
            (
                "abuse",
                1.0,
                r"(әкем|анам|ағам|өгей|атам|апам|ағай|нағашы|мұғалім).{0,40}(ұрады|ұрып|сабай|ұстап|қамап)",
            ),
            ("abuse", 0.6, r"мені ұрады|құпиямыз|тамақ бермей"),
            ("violence", 1.0, r"өлтіремін|өлтіреміз|пышақта|атамын|мылтық"),
            ("violence", 0.6, r"мені сабап|сабады"),
            ("bullying", 1.0, r"жалаңаш сурет"),
            ("bullying", 0.6, r"мазақта|қорла|барып өл|жалған парақша|фейк"),
            ("eating", 1.0, r"әдейі құс|ештеңе жеген жоқ"),
            ("eating", 0.6, r"тамақ жемей|әлі арықта"),
            ("danger", 1.0, r"киімсіз сурет|көк кит"),
            ("danger", 0.6, r"ата-анаңа айтпа|үйіне жалғыз|челлендж"),
        ]
    ),
    "ky": _rules(
        [
            (
                "self_harm",
                1.0,
                r"өзүмдү өлтүр|өлгүм кел|өлгүсү кел|жашагым келбей|суицид|өз жанын кый",
            ),
            ("self_harm", 1.0, r"өзүмдү (кайра )?кес"),
            ("self_harm", 0.6, r"коштошуу кат"),
            (
                "abuse",
                1.0,
                r"(атам|апам|агам|өгөй|таяке|байке|эжем|мугалим).{0,40}(урат|уруп|сабайт|кармала|камап)",
            ),
            ("abuse", 0.6, r"мени урат|сырыбыз|тамак бербей"),
            ("violence", 1.0, r"өлтүрөм|өлтүрөбүз|бычак|сайып салам|мылтык|атам дейт"),
            ("violence", 0.6, r"мени сабап|сабашты"),
            ("bullying", 1.0, r"жылаңач сүрөт"),
            ("bullying", 0.6, r"шылдыңда|кордо|бар өл|жасалма баракча|фейк"),
            ("eating", 1.0, r"атайын кус|эч нерсе жебей"),
            ("eating", 0.6, r"тамак жебей|дагы арыкта"),
            ("danger", 1.0, r"кийимсиз сүрөт|көк кит"),
            ("danger", 0.6, r"ата-энеңе айтпа|үйүнө жалгыз|челлендж"),
        ]
    ),
    "uz": _rules(
        [
            (
                "self_harm",
                1.0,
                r"o'?zimni o'?ldir|o'?lgi(m|si) ke(l|v)|yashashni xohlamay|yashagim kelmay|suitsid|o'?z joniga qasd",
            ),
            ("self_harm", 1.0, r"o'?zimni (yana )?kes"),
            ("self_harm", 0.6, r"xayrlashuv xat"),
            (
                "abuse",
                1.0,
                r"(otam|onam|akam|o'?gay|amaki|tog'?a|opam|o'?qituvchi).{0,40}(uradi|urib|kaltakla|ushlab|qamab)",
            ),
            ("abuse", 0.6, r"meni uradi|sirimiz|ovqat bermay"),
            ("violence", 1.0, r"pichoqla|o'?ldiramiz|o'?ldiraman|otaman|qurol"),
            ("violence", 0.6, r"kaltakla"),
            ("bullying", 1.0, r"yalang'?och rasm"),
            ("bullying", 0.6, r"masxara|haqorat|borib o'?l|soxta sahifa|feyk"),
            ("eating", 1.0, r"ataylab qus|hech narsa yemay"),
            ("eating", 0.6, r"ovqat yemay|yana ozish"),
            ("danger", 1.0, r"kiyimsiz rasm|ko'?k kit"),
            ("danger", 0.6, r"ota-onangga aytma|uyiga yolg'?iz|chellenj|challenge"),
        ]
    ),
    "uz-cyrl": _rules(
        [
            (
                "self_harm",
                1.0,
                r"[ўу]зимни [ўу]лдир|[ўу]лги(м|си) кел|яшашни хо[ҳх]ламай|яшагим келмай|суицид|[ўу]з жонига қасд",
            ),
            ("self_harm", 1.0, r"[ўу]зимни (яна )?кес"),
            ("self_harm", 0.6, r"хайрлашув хат"),
            (
                "abuse",
                1.0,
                r"(отам|онам|акам|[ўу]гай|амаки|тоға|опам|[ўу]қитувчи).{0,40}(уради|уриб|калтакла|ушлаб|қамаб)",
            ),
            ("abuse", 0.6, r"мени уради|сиримиз|овқат бермай"),
            ("violence", 1.0, r"пичоқла|[ўу]лдирамиз|[ўу]лдираман|отаман|қурол"),
            ("violence", 0.6, r"калтакла"),
            ("bullying", 1.0, r"яланғоч расм"),
            ("bullying", 0.6, r"масхара|ҳақорат|бориб [ўу]л|сохта саҳифа|фейк"),
            ("eating", 1.0, r"атайлаб қус|ҳеч нарса емай"),
            ("eating", 0.6, r"овқат емай|яна озиш"),
            ("danger", 1.0, r"кийимсиз расм|к[ўу]к кит"),
            ("danger", 0.6, r"ота-онангга айтма|уйига ёлғиз|челленж"),
        ]
    ),
    "fr": _rules(
        [
            (
                "self_harm",
                1.0,
                r"suicid|(veux|vais|veut|envie de|j'?veux|jveux) (me tuer|mourir|crever|en finir|disparaitre|disparaître)",
            ),
            (
                "self_harm",
                1.0,
                r"plus envie de vivre|(me|se) foutre en l'?air|me scarifi|(me|se) mutil|(me|se) (couper|coupe) (les|encore)",
            ),
            ("self_harm", 0.6, r"lettres? d'?adieu|mieux sans moi"),
            ("self_harm", 1.0, r"plus de raison de vivre|en finir avec (la vie|tout)"),
            (
                "abuse",
                1.0,
                r"(père|mère|beau-père|belle-mère|oncle|tante|frère|s(oe|œ)ur|parents?|entraîneur|prof)\w*.{0,40}\b(me|la|le) (frappe|bat|touche|enferme|cogne|viole)",
            ),
            (
                "abuse",
                0.6,
                r"notre secret|enferme sans manger|m'?enferme|bonn?e? à rien|attouchement",
            ),
            (
                "violence",
                1.0,
                r"(me|te|nous) (planter|poignarder|buter|tueront|tuera|tuer)\b|tirer sur|tabass",
            ),
            ("violence", 1.0, r"\barme\b.{0,40}(tirer|lycée|école|collège|tout le monde)"),
            ("bullying", 1.0, r"\bnudes?\b|photos? (intimes|nues?)"),
            ("bullying", 0.6, r"harc[eè]le|harcèlement|va (crever|mourir)|faux compte"),
            ("eating", 1.0, r"me fais vomir|rien mangé depuis|anorex|boulimi"),
            ("eating", 0.6, r"ne mange plus|encore maigrir"),
            (
                "danger",
                1.0,
                r"photos? sans v[êe]tements|jeu du foulard|baleine bleue|d[ée]fi dangereux",
            ),
            (
                "danger",
                0.6,
                r"sans le dire à mes parents|ne (le )?dis pas à tes parents|chez lui|mis au d[ée]fi|rencontr\w* sur (internet|un jeu)",
            ),
        ]
    ),
    "es": _rules(
        [
            (
                "self_harm",
                1.0,
                r"suicid|(quiero|kiero|quiere|voy a) (morir|matarme|desaparecer)|(me|se) (quiero|kiero|quiere) (morir|matar)",
            ),
            (
                "self_harm",
                1.0,
                r"(ya )?no quiero (seguir )?vivir|(me sigo|me estoy|sigo) cortando|\bme corto\b|quitarme la vida",
            ),
            ("self_harm", 0.6, r"cartas? de despedida|mejor sin m[ií]"),
            ("self_harm", 1.0, r"no tiene sentido vivir|acabar con todo|desaparecer para siempre"),
            (
                "abuse",
                1.0,
                r"(padre|madre|padrastro|madrastra|t[íi]o|t[íi]a|hermano|abuel|entrenador|profesor|pap[áa]|mam[áa])\w*.{0,40}\b(me|la|lo) (pega|golpea|toca|encierra|abusa|viola)",
            ),
            (
                "abuse",
                0.6,
                r"me pega|nuestro secreto|encierra sin comer|me dice in[úu]til|abuso sexual",
            ),
            (
                "violence",
                1.0,
                r"apu[ñn]al|(me|te|nos) (van a )?(mat(an|ar[áa]n?)|disparar)|disparar a|me dieron una paliza",
            ),
            ("violence", 1.0, r"\barma\b.{0,40}(colegio|escuela|instituto|disparar|todos)"),
            ("violence", 0.5, r"paliza"),
            ("bullying", 1.0, r"fotos? (íntimas|intimas|desnud)|\bnudes?\b"),
            ("bullying", 0.6, r"\bacos(a|an|o)\b|bullying|que me muera|mu[ée]rete|cuenta falsa"),
            (
                "eating",
                1.0,
                r"provoc\w* el v[óo]mito|me hago vomitar|d[íi]as sin comer|anorex|bulimi",
            ),
            ("eating", 0.6, r"\bno como\b|adelgazar m[áa]s"),
            ("danger", 1.0, r"fotos? sin ropa|reto del desmayo|ballena azul|reto peligroso"),
            (
                "danger",
                0.6,
                r"(no se lo diga|no le digas|sin dec[ií]rselo|sin decirle).{0,20}padres|a su casa|conoc[íi] en internet",
            ),
        ]
    ),
    "ar": _rules(
        [
            (
                "self_harm",
                1.0,
                r"انتحر|انتحار|(أريد|اريد|نفسي|أبغى|ابغى|بدي|تريد|يريد) (أن |ان )?(أموت|اموت|تموت|يموت)",
            ),
            (
                "self_harm",
                1.0,
                r"(لا|لم أعد|لم اعد) (أريد|اريد) (أن |ان )?(أعيش|اعيش)|(أجرح|اجرح|أؤذي|اؤذي|أقتل|اقتل) نفسي",
            ),
            ("self_harm", 0.6, r"رسائل وداع|رسالة وداع"),
            ("self_harm", 1.0, r"لا معنى لحياتي|لا معنى للحياة|أنهي حياتي"),
            ("abuse", 1.0, r"(يضربني|تضربني|يلمسني|تحبسني|يحبسني|يتحرش|تحرش|اعتداء)"),
            ("abuse", 0.6, r"سر بيننا|بدون (أكل|اكل|طعام)"),
            ("violence", 1.0, r"سيطعن|يطعن|سنقتل|سيقتل|سأقتل|يطلق النار|إطلاق النار|سلاح"),
            ("violence", 0.6, r"ضربوني"),
            ("bullying", 1.0, r"صور(ي)? (الخاصة|العارية)|صور عارية"),
            ("bullying", 0.6, r"يتنمر|تنمر|موتي|حساب(ا)? مزيف"),
            ("eating", 1.0, r"(أتقيأ|اتقيأ) عمدا|لم (آكل|اكل) منذ|فقدان الشهية"),
            ("eating", 0.6, r"لا (آكل|اكل)|(أنحف|انحف) أكثر"),
            ("danger", 1.0, r"بدون ملابس|الحوت الأزرق|الحوت الازرق|تحدي خطير"),
            (
                "danger",
                0.6,
                r"(لا|ولا) (أخبر|اخبر|تخبر)\w* (أهل|اهل|والد)|(إلى|الى) بيته|على الإنترنت|على الانترنت",
            ),
        ]
    ),
    "zh-hans": _rules(
        [
            ("self_harm", 1.0, r"自杀|自殺|紫砂|想死|不想活|轻生|结束(自己的)?生命"),
            ("self_harm", 1.0, r"割(自己|腕)|伤害自己|自残"),
            ("self_harm", 0.6, r"告别信|遗书"),
            ("self_harm", 1.0, r"活着没(有)?意(思|义)|永远消失"),
            (
                "abuse",
                1.0,
                r"(爸|妈|继父|继母|叔叔|舅舅|伯伯|哥|姐|爷爷|老师|教练).{0,15}(打我|摸我|关起来|虐待)",
            ),
            ("abuse", 0.6, r"摸我|我们的秘密|不给(我)?饭吃|性侵|虐待|家暴"),
            ("violence", 1.0, r"捅死|砍死|弄死我|(说|要|威胁).{0,12}(打死|杀了?)|(带|拿)(枪|刀)"),
            ("violence", 0.6, r"打了我"),
            ("bullying", 1.0, r"裸照|私密照"),
            ("bullying", 0.6, r"欺负|霸凌|去死|假账号"),
            ("eating", 1.0, r"故意吐|催吐|厌食|暴食"),
            ("eating", 0.6, r"没吃东西|不吃饭|再瘦"),
            ("danger", 1.0, r"不穿衣服的照片|蓝鲸|危险挑战|窒息挑战"),
            ("danger", 0.6, r"不要告诉(父母|爸妈)|去他家|网上认识"),
        ]
    ),
}

# Words of despair with no category of their own: they lift the strongest category (or,
# alone, self-harm) toward the threshold.
DISTRESS: list[tuple[str, float, re.Pattern[str]]] = [
    (language, weight, _compile(pattern))
    for language, weight, pattern in [
        (
            "en",
            0.4,
            r"\bcan'?t (take|do) (it|this) any ?more\b|\bnobody (cares|would (care|miss))|\bno ?one (cares|loves me)\b|\bhopeless\b",
        ),
        ("ru", 0.4, r"больше не могу|не выдерживаю|никому (я )?не нуж|всё достало|все достало"),
        ("kk", 0.4, r"шыдай алмаймын|ешкімге керек емес"),
        ("ky", 0.4, r"чыдай албайм|эч кимге керегим жок"),
        ("uz", 0.4, r"chiday olmay|hech kimga keragim yo'?q"),
        ("uz-cyrl", 0.4, r"чидай олмай|ҳеч кимга кераким й[ўу]қ"),
        ("fr", 0.4, r"n'?en peux plus|personne ne m'?aime"),
        ("es", 0.4, r"ya no puedo m[áa]s|no aguanto|nadie me (quiere|kiere)"),
        ("ar", 0.4, r"لم أعد أحتمل|لم اعد احتمل|لا أتحمل|محد يحبني|لا أحد يحبني"),
        ("zh-hans", 0.4, r"受不了了|撑不下去|没人在乎我"),
    ]
]

# "Asking for a friend": the friend is often the person asking.
INDIRECT: list[tuple[str, float, re.Pattern[str]]] = [
    (language, 0.3, _compile(pattern))
    for language, pattern in [
        ("en", r"\b(asking|ask) for a friend\b|\bmy friend (says|said|wants|told me)\b"),
        ("ru", r"спрашиваю (для|за) (друг|подруг)|для друга|для подруги"),
        ("kk", r"досым үшін"),
        ("ky", r"досум үчүн"),
        ("uz", r"do'?stim uchun"),
        ("uz-cyrl", r"д[ўу]стим учун"),
        ("fr", r"demande pour (un|une) ami"),
        ("es", r"pregunto por (un|una) amig"),
        ("ar", r"(أسأل|اسأل) (من أجل|من اجل|عن|ل)\s?صديق"),
        ("zh-hans", r"(帮|替)朋友问"),
    ]
]

# Everyday idioms built from crisis words ("this exam is killing me", "my mum will kill
# me if I fail"): they take back the weight of a pattern they overlap, never the
# similarity layer's, and never more than a strong pattern's full weight.
BENIGN: list[tuple[str, float, re.Pattern[str]]] = [
    (language, 1.0, _compile(pattern))
    for language, pattern in [
        (
            "en",
            r"\bpillow fight\b|\bwith a pillow\b|\bkill me if\b|\b(killing|kill) me\b\W*$|\bdying (to|of)\b|\bdied (laughing|of laughter)\b",
        ),
        ("ru", r"убь[её]т,? если|со смеху|с голоду"),
        ("fr", r"me tuer si|mort de rire|meurs d'?envie|crève de faim"),
        ("es", r"matar si|paliza en el (f[úu]tbol|partido)|muero de (risa|ganas|hambre)"),
        ("ar", r"(ستقتلني|سيقتلني) (إذا|اذا)|من الضحك|من الجوع"),
        ("zh-hans", r"(考砸|不及格|考不好).{0,10}杀了我"),
    ]
]
