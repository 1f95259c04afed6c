from django.urls import include, path

from . import urls_practices, views, views_manage

app_name = "library"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    # Best practices offered by teachers and students, and their moderation
    path("practices/", include(urls_practices.public)),
    path("manage/practices/", include(urls_practices.manage)),
    # Staff
    path("manage/", views_manage.publication_list, name="manage"),
    path("manage/new/", views_manage.publication_create, name="manage_create"),
    path("manage/<slug:slug>/", views_manage.publication_edit, name="manage_edit"),
    path("manage/<slug:slug>/files/", views_manage.file_upload, name="manage_files"),
    path(
        "manage/<slug:slug>/files/<str:language>/delete/",
        views_manage.file_delete,
        name="manage_file_delete",
    ),
    path("manage/<slug:slug>/status/", views_manage.status_set, name="manage_status"),
    # Public
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/cite.<str:style>", views.export, name="export"),
    path("<slug:slug>/<str:language>/download/", views.download, name="download"),
]

# --- Reach, news and feeds (views_reach, views_news, feeds) -----------------------------
# Placed first: "manage/<slug>/" and "<slug>/" would otherwise take these addresses.
from . import views_reach  # noqa: E402

urlpatterns[0:0] = [
    path("manage/reach/", views_reach.reach_overview, name="reach"),
    path("manage/reach.<str:fmt>", views_reach.reach_export, name="reach_export"),
]

from . import feeds, views_news  # noqa: E402

urlpatterns[0:0] = [
    path("news/", views_news.news_list, name="news"),
    path("news/<slug:slug>/", views_news.news_detail, name="news_detail"),
    path("news/<slug:slug>/image/<str:name>", views_news.news_image, name="news_image"),
    path("manage/news/", views_news.news_manage, name="news_manage"),
    path("manage/news/new/", views_news.news_create, name="news_create"),
    path("manage/news/<slug:slug>/", views_news.news_edit, name="news_edit"),
    path("manage/news/<slug:slug>/state/", views_news.news_state, name="news_state"),
    path("feeds/publications.rss", feeds.PublicationsFeed(), name="feed_publications_rss"),
    path("feeds/publications.atom", feeds.PublicationsAtom(), name="feed_publications_atom"),
    path("feeds/news.rss", feeds.NewsFeed(), name="feed_news_rss"),
    path("feeds/news.atom", feeds.NewsAtom(), name="feed_news_atom"),
]
