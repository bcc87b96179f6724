#!/usr/bin/env bash
# Seeds for the `net` target from the recorded answers in tests/fixtures, in its input shape:
# a byte choosing the link, then answers separated by 0xff, each a byte choosing its status and
# type (0x00: 200 JSON, 0x80: 200 HTML, 0x0b: 429, 0x0c: 500) and then its body.
set -euo pipefail
cd "$(dirname "$0")/.."
F=tests/fixtures
out=fuzz/corpus/net
mkdir -p "$out"
sep() { printf '\xff'; }
json() { printf '\x00'; cat "$1"; }
did() { printf '\x00{"did":"did:plc:mira111"}'; }
{ printf '\x00\x80'; cat $F/html/article-embeds.html; sep; did; sep; json $F/bluesky/thread.json; } > "$out/seed-page"
{ printf '\x05\x80'; cat $F/html/no-article-element.html; } > "$out/seed-page2"
{ printf '\x0a\x80'; cat $F/html/pre-block.html; } > "$out/seed-page3"
{ printf '\x01'; did; sep; json $F/bluesky/thread.json; } > "$out/seed-bluesky"
{ printf '\x01\x0b'; sep; did; sep; printf '\x0c'; sep; json $F/bluesky/thread.json; } > "$out/seed-retry"
{ printf '\x02\x00{"id":"2000","created_at":"2024-06-01T07:00:00Z","content":"<p>The ferry is late again.</p>",'
  printf '"url":"https://social.example/@ana/2000","account":{"username":"ana","acct":"ana","display_name":"Ana"}}'
  sep; json $F/mastodon/context.json; } > "$out/seed-mastodon"
{ printf '\x08'; json $F/reddit/thread.json; sep; json $F/fetch/reddit-morechildren.json; sep;
  json $F/fetch/reddit-morechildren-2.json; } > "$out/seed-reddit"
{ printf '\x04'; json $F/hackernews/item.json; } > "$out/seed-hn"
echo "seeds in $out"
