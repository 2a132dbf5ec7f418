"""`{% phone_access %}`: on the Settings page, how to open netcoach on the phone (lan.py)."""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from netcoach import lan

register = template.Library()


@register.inclusion_tag("includes/phone_access.html")
def phone_access():
    if not settings.NETCOACH_LAN_ADDRESS:
        return {"on": False}
    url = lan.address_url(settings.NETCOACH_LAN_ADDRESS, settings.NETCOACH_LAN_PORT)
    cert = lan.tls_dir(settings.DATA_DIR) / lan.CERT_NAME
    return {
        "on": True,
        "url": url,
        # segno's SVG holds only the code's own paths: the URL is ours, not the user's text.
        "qr": mark_safe(lan.qr_svg(url)),
        "fingerprint": lan.fingerprint(cert) if cert.exists() else "",
    }
