"""Credentials record the version of the document they were signed in.

Every credential issued so far was signed under the early copy of the Open Badges 3.0.3
context, so it is version 1; `manage.py credentials_reissue` (run by setup_platform)
re-signs those with the context the URL serves today.
"""

from django.db import migrations, models

import iite.credentials.documents


class Migration(migrations.Migration):
    dependencies = [
        ("credentials", "0002_signing_keys_status_lists_credentials"),
    ]

    operations = [
        migrations.AddField(
            model_name="credential",
            name="document_version",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="document version"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="credential",
            name="document_version",
            field=models.PositiveSmallIntegerField(
                default=iite.credentials.documents.current_document_version,
                help_text="Credentials of an older version are re-signed by credentials_reissue.",
                verbose_name="document version",
            ),
        ),
    ]
