# Varnish in front of Briefing Desk: readers' pages from memory, purged by what each decision
# changed (xkey, from the app's Surrogate-Key header), and served stale while the app or its
# database is down. `make serve-cached` runs it; see README, "A front cache".
#
# The backend's address is written by the Makefile (APP_HOST, APP_PORT) when it copies this file.
vcl 4.1;

import std;
import xkey;

backend app {
    .host = "APP_HOST";
    .port = "APP_PORT";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    # A sick app (or one whose database is down: /readyz asks it) is left alone, and readers get
    # what the cache holds (grace, below).
    .probe = {
        .url = "/readyz";
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
    }
}

# Only the app's own servers may purge.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Not allowed to purge"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No xkey-purge header"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone + " answers"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Readers' pages only: the desk, the library, the API and sign-in always reach the app.
    if (req.url !~ "^/(briefings/|sitemap\.xml|robots\.txt|static/)") {
        return (pass);
    }
    # Someone signed in sees their own header: never from the cache.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Of a reader's cookies only the chosen language changes a page (desk.project.languages).
    if (req.http.Cookie ~ "(^|;\s*)django_language=") {
        set req.http.Cookie = "django_language=" + regsub(req.http.Cookie, "^(.*;\s*)?django_language=([^;]*).*$", "\2");
    } else {
        unset req.http.Cookie;
    }
    # While the app answers, a page at most 10 s past its time may be served as it is refreshed;
    # when it does not, whatever the cache holds (up to the day of grace set below).
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_hash {
    # An answer over plain HTTP (a redirect to HTTPS) is never served for HTTPS, or the reverse.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    # A background refresh that meets an error keeps the page readers already had.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-store)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Pages, feeds and style sheets travel compressed to readers on slow networks.
    if (beresp.http.Content-Type ~ "^(text/|application/(atom\+xml|json|xml|javascript))") {
        set beresp.do_gzip = true;
    }
    # Kept past its time for when the app or the database is down (stale-if-error).
    set beresp.grace = 24h;
}

sub vcl_backend_error {
    # The app is unreachable and nothing stale is left: say so plainly.
    set beresp.http.Content-Type = "text/plain; charset=utf-8";
    set beresp.http.Retry-After = "30";
    synthetic("The briefing is briefly unavailable. Please try again in a minute.");
    return (deliver);
}

sub vcl_synth {
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    synthetic(resp.reason);
    return (deliver);
}

sub vcl_deliver {
    # The keys are for the cache, not for readers.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
