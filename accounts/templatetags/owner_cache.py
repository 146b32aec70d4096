"""`{% owner_cache "name" arg … %}…{% endowner_cache %}`: a fragment of the logged-in owner's page, served
from the cache until the owner's next write (accounts/cache.py). The key holds the owner, their version, the
language, today and the arguments given; a request that writes, or one without a user, renders it afresh.

Only for fragments with nothing per request inside (no CSRF token, no nonce, no message, no bound form); a
"3 minutes ago" written by the `ago` filter is fine: the fragment expires when it would read differently. Give the
values the fragment shows as accounts.cache.OnDemand: a hit does not compute them, and a miss reads them
after the version (read before, a write committed in between would be cached under its new version).
"""

from django import template

from accounts.cache import owner_cached

register = template.Library()


class OwnerCacheNode(template.Node):
    def __init__(self, nodelist, name, args):
        self.nodelist, self.name, self.args = nodelist, name, args

    def render(self, context) -> str:
        request = getattr(context, "request", None)
        if request is None:
            return self.nodelist.render(context)
        args = tuple(arg.resolve(context) for arg in self.args)
        return owner_cached(request, self.name.resolve(context), args, lambda: self.nodelist.render(context))


@register.tag("owner_cache")
def owner_cache(parser, token) -> OwnerCacheNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a fragment name")
    nodelist = parser.parse(("endowner_cache",))
    parser.delete_first_token()
    return OwnerCacheNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]])
