"""The initial allow-list of external hosts tracked links may lead to (staff manage it later)."""

from django.db import migrations

DEFAULT_HOSTS = [
    ("shopee.co.th", "Shopee"),
    ("lazada.co.th", "Lazada"),
    ("facebook.com", "Facebook"),
    ("line.me", "LINE / LINE OA / LINE SHOPPING"),
    ("instagram.com", "Instagram"),
    ("youtube.com", "YouTube"),
    ("tiktok.com", "TikTok"),
    ("thailandpostmart.com", "Thailand Post Mart"),
    ("otoptoday.com", "OTOP Today"),
]


def add_hosts(apps, schema_editor):
    AllowedRedirectHost = apps.get_model("campaigns", "AllowedRedirectHost")
    for host, note in DEFAULT_HOSTS:
        AllowedRedirectHost.objects.get_or_create(host=host, defaults={"note": note})


def remove_hosts(apps, schema_editor):
    AllowedRedirectHost = apps.get_model("campaigns", "AllowedRedirectHost")
    AllowedRedirectHost.objects.filter(host__in=[h for h, _ in DEFAULT_HOSTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0003_allowedredirecthost_developmentissue_community_and_more")]

    operations = [migrations.RunPython(add_hosts, remove_hosts)]
