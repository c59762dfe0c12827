// The portal's only script: tabs, theme, menu, copy buttons, search and the try-it panel. Talks only to its origin.
'use strict';
(function () {
  var root = document.body.dataset.root || '';
  var store = {
    get: function (storage, key) {
      try {
        return window[storage].getItem(key);
      } catch (_) {
        return null;
      }
    },
    set: function (storage, key, value) {
      try {
        if (value === null) window[storage].removeItem(key);
        else window[storage].setItem(key, value);
      } catch (_) {
        /* storage switched off: the value lives only in the page */
      }
    },
  };

  // Light or dark: the system's choice until the reader picks one.
  var themeButton = document.querySelector('.theme-toggle');
  function theme() {
    return (
      document.documentElement.dataset.theme || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light')
    );
  }
  if (themeButton) {
    themeButton.addEventListener('click', function () {
      var next = theme() === 'dark' ? 'light' : 'dark';
      document.documentElement.dataset.theme = next;
      store.set('localStorage', 'solifyn-docs:theme', next);
    });
  }

  // The navigation is a menu on narrow screens.
  var menu = document.querySelector('.menu-toggle');
  var sidebar = document.getElementById('sidebar');
  if (menu && sidebar) {
    menu.addEventListener('click', function () {
      var open = sidebar.classList.toggle('open');
      menu.setAttribute('aria-expanded', String(open));
    });
  }

  // Tabs. The sample language chosen on one page is kept for the next.
  document.querySelectorAll('[data-tabs]').forEach(function (group) {
    var name = group.getAttribute('data-tabs');
    var buttons = Array.prototype.slice.call(group.querySelectorAll(':scope > .tab-list > [role="tab"]'));
    var panels = Array.prototype.slice.call(group.querySelectorAll(':scope > [role="tabpanel"]'));
    function select(id, remember) {
      buttons.forEach(function (b) {
        var on = b.dataset.tab === id;
        b.setAttribute('aria-selected', String(on));
        b.tabIndex = on ? 0 : -1;
      });
      panels.forEach(function (p) {
        p.hidden = p.dataset.panel !== id;
      });
      if (remember && name === 'sample') store.set('localStorage', 'solifyn-docs:sample', id);
    }
    buttons.forEach(function (b, i) {
      b.addEventListener('click', function () {
        select(b.dataset.tab, true);
      });
      b.addEventListener('keydown', function (event) {
        var step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
        if (!step) return;
        var next = buttons[(i + step + buttons.length) % buttons.length];
        select(next.dataset.tab, true);
        next.focus();
      });
    });
    var preferred = name === 'sample' ? store.get('localStorage', 'solifyn-docs:sample') : null;
    var initial = buttons.some(function (b) {
      return b.dataset.tab === preferred;
    })
      ? preferred
      : buttons[0] && buttons[0].dataset.tab;
    if (initial) select(initial, false);
  });

  // Samples name the development server; show the origin this page came from instead.
  var devOrigin = 'http://localhost:3000';
  if (/^https?:$/.test(location.protocol) && location.origin !== devOrigin) {
    document.querySelectorAll('pre code').forEach(function (code) {
      var walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.nodeValue.indexOf(devOrigin) !== -1)
          node.nodeValue = node.nodeValue.split(devOrigin).join(location.origin);
      }
    });
  }

  document.querySelectorAll('[data-copy]').forEach(function (button) {
    button.addEventListener('click', function () {
      var code = button.parentElement.querySelector('code');
      if (!code || !navigator.clipboard) return;
      navigator.clipboard.writeText(code.textContent).then(
        function () {
          button.textContent = 'Copied';
          setTimeout(function () {
            button.textContent = 'Copy';
          }, 1500);
        },
        function () {
          button.textContent = 'Select and copy';
        },
      );
    });
  });

  // Search over the reference, the guides, the errors and the changelog (assets/search-index.json, same origin).
  var input = document.getElementById('search');
  var results = document.getElementById('search-results');
  var index = null;
  var loading = null;
  var selected = -1;
  function load() {
    if (!loading) {
      loading = fetch(root + 'assets/search-index.json', { credentials: 'same-origin' })
        .then(function (r) {
          return r.json();
        })
        .then(function (entries) {
          index = entries.map(function (e) {
            return { entry: e, title: e.title.toLowerCase(), text: e.text.toLowerCase() };
          });
        });
    }
    return loading;
  }
  function snippet(text, term) {
    var at = text.toLowerCase().indexOf(term);
    var start = Math.max(0, at - 40);
    return (start > 0 ? '…' : '') + text.slice(start, start + 140);
  }
  function search(query) {
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (terms.length === 0 || !index) return [];
    var scored = [];
    index.forEach(function (item) {
      var score = 0;
      for (var i = 0; i < terms.length; i++) {
        var t = terms[i];
        var inTitle = item.title.indexOf(t) !== -1;
        var inText = item.text.indexOf(t) !== -1;
        if (!inTitle && !inText) return;
        score += (inTitle ? 10 : 0) + (inText ? 1 : 0) + (item.title.indexOf(t) === 0 ? 5 : 0);
      }
      if (item.entry.kind === 'Reference' || item.entry.kind === 'Guide') score += 1;
      scored.push({ score: score, entry: item.entry });
    });
    scored.sort(function (a, b) {
      return b.score - a.score;
    });
    return scored.slice(0, 12).map(function (s) {
      return s.entry;
    });
  }
  function show() {
    var query = input.value.trim();
    results.textContent = '';
    selected = -1;
    if (!query) {
      results.hidden = true;
      return;
    }
    var found = search(query);
    if (found.length === 0) {
      var empty = document.createElement('div');
      empty.className = 'empty';
      empty.textContent = 'No results for “' + query + '”';
      results.appendChild(empty);
    }
    var first = query.toLowerCase().split(/\s+/)[0];
    found.forEach(function (entry) {
      var a = document.createElement('a');
      a.href = root + entry.url;
      a.setAttribute('role', 'option');
      var kind = document.createElement('span');
      kind.className = 'kind';
      kind.textContent = entry.kind;
      var title = document.createElement('strong');
      title.textContent = entry.title;
      var text = document.createElement('span');
      text.className = 'snippet';
      text.textContent = snippet(entry.text, first);
      a.append(kind, title, text);
      results.appendChild(a);
    });
    results.hidden = false;
  }
  if (input && results) {
    input.addEventListener('focus', load);
    input.addEventListener('input', function () {
      load().then(show);
    });
    input.addEventListener('keydown', function (event) {
      var links = results.querySelectorAll('a');
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        if (links.length === 0) return;
        selected = (selected + (event.key === 'ArrowDown' ? 1 : -1) + links.length) % links.length;
        links.forEach(function (l, i) {
          l.setAttribute('aria-selected', String(i === selected));
        });
        links[selected].scrollIntoView({ block: 'nearest' });
      } else if (event.key === 'Enter') {
        var target = links[selected >= 0 ? selected : 0];
        if (target) location.href = target.href;
      } else if (event.key === 'Escape') {
        results.hidden = true;
        input.blur();
      }
    });
    document.addEventListener('keydown', function (event) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement && document.activeElement.tagName);
      if (event.key === '/' && !typing) {
        event.preventDefault();
        input.focus();
      }
    });
    document.addEventListener('click', function (event) {
      if (!results.contains(event.target) && event.target !== input) results.hidden = true;
    });
  }

  // Try it: test keys only, kept in this tab's session storage, sent only to this origin.
  var keyStorage = 'solifyn-docs:test-key';
  var testKey = /^sk_test_[A-Za-z0-9]+$/;
  document.querySelectorAll('[data-try-it]').forEach(function (section) {
    var keyInput = section.querySelector('[data-try-key]');
    var error = section.querySelector('[data-try-error]');
    var form = section.querySelector('[data-try-form]');
    var send = section.querySelector('[data-try-send]');
    var result = section.querySelector('[data-try-result]');
    function fail(message) {
      if (!error) return;
      error.textContent = message;
      error.hidden = false;
    }
    if (keyInput) {
      keyInput.value = store.get('sessionStorage', keyStorage) || '';
      keyInput.addEventListener('input', function () {
        if (error) error.hidden = true;
        var key = keyInput.value.trim();
        if (testKey.test(key)) store.set('sessionStorage', keyStorage, key);
        else if (key === '') store.set('sessionStorage', keyStorage, null);
      });
    }
    // The form never submits (the page's CSP has form-action 'none' too): the key must not end up in a URL.
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (error) error.hidden = true;
      var headers = new Headers();
      if (section.dataset.auth === 'true') {
        var key = keyInput.value.trim();
        if (/^sk_live_/.test(key)) {
          // Never kept, never sent: a live key moves real money and belongs on your server only.
          keyInput.value = '';
          store.set('sessionStorage', keyStorage, null);
          return fail('Live keys are refused here. Paste a test key (sk_test_…); make live calls from your server.');
        }
        if (!testKey.test(key)) return fail('Paste a test secret key: it starts with sk_test_.');
        headers.set('Authorization', 'Bearer ' + key);
      }
      var missing = null;
      var path = section.dataset.path.replace(/\{([^}]+)\}/g, function (whole, name) {
        var field = section.querySelector('[data-try-path="' + name + '"]');
        var value = field ? field.value.trim() : '';
        if (!value) missing = name;
        return encodeURIComponent(value);
      });
      if (missing) return fail('Fill in the path parameter ' + missing + '.');
      var query = new URLSearchParams();
      section.querySelectorAll('[data-try-query]').forEach(function (field) {
        if (field.value.trim() !== '') query.set(field.dataset.tryQuery, field.value.trim());
      });
      section.querySelectorAll('[data-try-header]').forEach(function (field) {
        if (field.value.trim() !== '') headers.set(field.dataset.tryHeader, field.value.trim());
      });
      var bodyField = section.querySelector('[data-try-body]');
      var init = {
        method: section.dataset.method,
        headers: headers,
        credentials: 'omit',
        cache: 'no-store',
        redirect: 'manual',
      };
      if (bodyField) {
        headers.set('Content-Type', 'application/json');
        init.body = bodyField.value;
      }
      var url = new URL(path + (query.toString() ? '?' + query : ''), location.origin);
      send.disabled = true;
      var started = performance.now();
      fetch(url, init)
        .then(function (response) {
          return response.text().then(function (text) {
            render(response, text, Math.round(performance.now() - started));
          });
        })
        .catch(function (err) {
          fail('The request failed: ' + err.message);
        })
        .finally(function () {
          send.disabled = false;
        });
    });
    function render(response, text, ms) {
      var status = section.querySelector('[data-try-status]');
      status.textContent = '';
      var badge = document.createElement('span');
      badge.className = 'status status-' + String(response.status)[0] + 'xx';
      badge.textContent = String(response.status);
      status.append(badge, document.createTextNode((response.statusText || '') + ' · ' + ms + ' ms'));
      var lines = [];
      response.headers.forEach(function (value, name) {
        lines.push(name + ': ' + value);
      });
      section.querySelector('[data-try-headers]').textContent = lines.join('\n');
      var body = section.querySelector('[data-try-response]');
      var parsed = null;
      try {
        parsed = JSON.parse(text);
        body.textContent = JSON.stringify(parsed, null, 2);
      } catch (_) {
        body.textContent = text;
      }
      var old = section.querySelector('.try-problem');
      if (old) old.remove();
      if (
        parsed &&
        typeof parsed.type === 'string' &&
        typeof parsed.code === 'string' &&
        /^https?:\/\//.test(parsed.type)
      ) {
        var note = document.createElement('p');
        note.className = 'try-problem';
        var link = document.createElement('a');
        link.href = parsed.type;
        link.textContent = parsed.code;
        link.setAttribute('data-try-problem-type', '');
        note.append(
          document.createTextNode('Error '),
          link,
          document.createTextNode(': what it means and how to fix it.'),
        );
        body.after(note);
      }
      result.hidden = false;
    }
  });
})();
