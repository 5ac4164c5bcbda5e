/* The member portal's service worker, served at /portal/sw.js (gonghui/portal/pwa.py), which puts its settings
 * on the line before this one as GONGHUI_PWA: cacheName, cachePrefix, staticUrl, offlineUrl, loginUrl, precache.
 *
 * What it keeps: /static/ files, the offline page and — the one exception — 我的会员码 (memberCodePage below). Never
 * the HTML of another member page, never an /api/ answer, never a POST: those go to the network untouched. A page that cannot be loaded shows the offline page.
 * On logout (a message from static/js/pwa.js, or any visit to the login page) every cache is deleted.
 */
/* global GONGHUI_PWA */
"use strict";

const CONFIG = GONGHUI_PWA;
// collectstatic names files by their content (app.3f2a9c1b7d4e.css): such a file never changes, so the copy
// kept here is served first. Anything else (development, un-hashed names) is asked from the network first.
const HASHED_NAME = /\.[0-9a-f]{12}\.[A-Za-z0-9]+$/;

function deleteAllCaches() {
  return caches
    .keys()
    .then((names) =>
      Promise.all(names.filter((name) => name.startsWith(CONFIG.cachePrefix)).map((name) => caches.delete(name)))
    );
}

function storeOfflinePage() {
  // Without cookies: the stored copy is the page as any visitor sees it, never one rendered for a member.
  return caches.open(CONFIG.cacheName).then((cache) =>
    cache.match(CONFIG.offlineUrl).then((found) => {
      if (found) return undefined;
      return fetch(CONFIG.offlineUrl, { credentials: "omit", cache: "no-store" }).then((response) => {
        if (response.ok && response.type === "basic") return cache.put(CONFIG.offlineUrl, response);
        return undefined;
      });
    })
  );
}

function storeStatic() {
  return caches.open(CONFIG.cacheName).then((cache) =>
    Promise.all(
      // One by one: a missing file does not stop the rest (addAll would fail as a whole).
      CONFIG.precache.map((url) => cache.add(new Request(url, { credentials: "omit" })).catch(() => undefined))
    )
  );
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    Promise.all([storeStatic(), storeOfflinePage().catch(() => undefined)]).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  // Caches of earlier versions go.
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith(CONFIG.cachePrefix) && name !== CONFIG.cacheName)
            .map((name) => caches.delete(name))
        )
      )
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "logout") event.waitUntil(deleteAllCaches());
});

function isStatic(url) {
  return url.pathname.startsWith(CONFIG.staticUrl);
}

function keep(request, response) {
  if (!response.ok || response.type !== "basic") return Promise.resolve();
  const copy = response.clone();
  return caches.open(CONFIG.cacheName).then((cache) => cache.put(request, copy));
}

function staticFile(event) {
  const request = event.request;
  const url = new URL(request.url);
  const fromNetwork = () =>
    fetch(request).then((response) => {
      event.waitUntil(keep(request, response).catch(() => undefined));
      return response;
    });
  if (HASHED_NAME.test(url.pathname)) {
    return caches.match(request).then((found) => found || fromNetwork());
  }
  return fromNetwork().catch(() => caches.match(request).then((found) => found || Response.error()));
}

// 我的会员码 (gonghui/checkins, /portal/member-code/): the one member page kept, so that the code can be shown in a
// basement without signal after one visit online. Network first; the copy is replaced on every visit, deleted when
// the answer is not the page itself (a redirect to the login page: logged out or expired), and goes with every other
// cache on logout. Its TOTP secret lets the page redraw the code; the page recomputes the code, never the stale one.
const MEMBER_CODE_PATH = "/portal/member-code/";

function memberCodePage(event) {
  const request = event.request;
  return fetch(request).then(
    (response) => {
      const own = response.ok && response.type === "basic" && !response.redirected;
      const copy = own ? response.clone() : null;
      event.waitUntil(
        caches
          .open(CONFIG.cacheName)
          .then((cache) => (copy ? cache.put(MEMBER_CODE_PATH, copy) : cache.delete(MEMBER_CODE_PATH)))
          .catch(() => undefined)
      );
      return response;
    },
    () =>
      caches
        .open(CONFIG.cacheName)
        .then((cache) => cache.match(MEMBER_CODE_PATH).then((found) => found || cache.match(CONFIG.offlineUrl)))
        .then((found) => found || Response.error())
  );
}

function page(event) {
  const url = new URL(event.request.url);
  const onLoginPage = url.pathname === CONFIG.loginUrl;
  return fetch(event.request).then(
    (response) => {
      // The login page is where a logout, an expired session and a visitor all land: drop everything kept.
      // Any other page (re)stores the offline page if a logout removed it. The page itself is never kept.
      event.waitUntil((onLoginPage ? deleteAllCaches() : storeOfflinePage()).catch(() => undefined));
      return response;
    },
    () =>
      caches
        .open(CONFIG.cacheName)
        .then((cache) => cache.match(CONFIG.offlineUrl))
        .then((found) => found || Response.error())
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === MEMBER_CODE_PATH) {
    event.respondWith(memberCodePage(event));
  } else if (request.mode === "navigate") {
    event.respondWith(page(event));
  } else if (isStatic(url)) {
    event.respondWith(staticFile(event));
  }
  // Everything else (/api/, htmx fragments, uploaded files): the network, untouched and never kept.
});
