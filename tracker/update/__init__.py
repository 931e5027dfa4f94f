"""`tracker db update`: the current GCAT and McDowell tables and Launch Library 2's upcoming launches, fetched
over HTTP (or taken from a folder or a mirror), read by the same readers as the bundled copies, and merged in one
transaction.

- `origins`: where every file comes from (the URLs in one place) and where downloads are cached.
- `download`: HTTP with timeouts, retries, conditional requests and atomic writes into the cache.
- `catalogue`: the whole update of the catalogue files: download all, parse all, then one transaction.
- `upcoming`: Launch Library 2's upcoming launches, paginated within its free tier, as planned launches.
"""
