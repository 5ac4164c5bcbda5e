"""Pages of members, one module per part: `registry` (the 会员名册 console pages), `joining` (the public
网上入会 flow and the console's join applications), `transfers`, `corrections`, `cards` (console), `portal` (the
member's own card, transfers and corrections). `urls.py` lists them all."""
