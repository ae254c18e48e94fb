import Calibration
import Coaching
import Hummingbird

/// The workbench's own style sheet and script, compiled into the binary and served from this server only.
enum StaticFiles {
    static func add(to router: Router<AppContext>) {
        router.get("/static/app.css") { _, _ in file(css, type: "text/css; charset=utf-8") }
        router.get("/static/app.js") { _, _ in file(script, type: "text/javascript; charset=utf-8") }
        // No icon: an empty answer, so browsers stop asking (and are not sent to the sign-in page).
        router.get("/favicon.ico") { _, _ in Response(status: .noContent, headers: [.cacheControl: "public, max-age=86400"]) }
        router.get("/static/report.css") { _, _ in file(CalibrationReportStyle.stylesheet, type: "text/css; charset=utf-8") }
        router.get("/static/plan.css") { _, _ in file(HTMLRenderer.stylesheet, type: "text/css; charset=utf-8") }
    }

    static func file(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static let css = """
    :root { --ink: #1b1f24; --muted: #4d5560; --line: #c9ced6; --accent: #0b5cad; --bad: #a4161a; --good: #1e6b34; --bg: #ffffff; --soft: #f3f5f8; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
    a { color: var(--accent); }
    a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus, pre:focus { outline: 3px solid #f0a500; outline-offset: 2px; }
    .skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5em; }
    .skip:focus { left: .5em; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    header.top { display: flex; flex-wrap: wrap; align-items: center; gap: 1em; padding: .5em 1.5em; border-bottom: 1px solid var(--line); background: var(--soft); }
    header.top .brand { margin: 0; font-weight: 700; }
    header.top .brand a { color: var(--ink); text-decoration: none; }
    header.top nav ul { list-style: none; display: flex; gap: 1em; margin: 0; padding: 0; }
    header.top .who { margin-left: auto; display: flex; gap: .75em; align-items: center; color: var(--muted); }
    header.top .who form { margin: 0; }
    main { padding: 1em 1.5em 3em; max-width: 80em; }
    h1 { font-size: 1.6em; margin: .3em 0 .5em; }
    h2 { font-size: 1.25em; margin-top: 1.5em; }
    .meta { color: var(--muted); }
    table { border-collapse: collapse; margin: .5em 0 1em; }
    th, td { border: 1px solid var(--line); padding: .3em .6em; text-align: left; vertical-align: top; }
    thead th { background: var(--soft); }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    button { font: inherit; padding: .4em 1em; border: 1px solid var(--accent); background: #fff; color: var(--accent); border-radius: 4px; cursor: pointer; }
    button.primary { background: var(--accent); color: #fff; }
    button.link { border: none; padding: 0; text-decoration: underline; background: none; }
    input, select, textarea { font: inherit; padding: .3em; border: 1px solid #767d87; border-radius: 3px; }
    textarea { width: 100%; }
    .narrow input, .narrow select { width: 100%; max-width: 24em; }
    .narrow input[type=checkbox], .narrow input[type=radio] { width: auto; }
    .notice { border-left: 5px solid var(--good); background: #eef7f0; padding: .5em 1em; }
    .problem-box { border: 2px solid var(--bad); background: #fdf0f0; padding: .5em 1em; margin: 1em 0; }
    .problem { color: var(--bad); margin: .25em 0; }
    .score-layout { display: grid; grid-template-columns: minmax(16em, 1fr) 2fr; gap: 1.5em; align-items: start; }
    @media (max-width: 60em) { .score-layout { grid-template-columns: 1fr; } }
    .transcript { position: sticky; top: 0; max-height: 90vh; overflow: auto; border: 1px solid var(--line); padding: 0 1em; background: var(--soft); }
    .transcript pre { white-space: pre-wrap; font: inherit; }
    .form-section { border-top: 2px solid var(--line); margin-bottom: 1em; }
    fieldset.criterion { border: 1px solid var(--line); border-radius: 4px; margin: .75em 0; padding: .5em 1em; }
    fieldset.criterion legend { font-weight: 600; padding: 0 .3em; }
    fieldset.has-problem { border: 2px solid var(--bad); }
    fieldset.inapplicable, section.inapplicable { opacity: .75; border-style: dashed; }
    .choices { display: flex; flex-wrap: wrap; gap: .25em 1.25em; border: none; margin: 0; padding: 0; min-width: 0; }
    label.choice { display: inline-flex; gap: .35em; align-items: baseline; }
    .choices.long { flex-direction: column; }
    .score-layout > * { min-width: 0; }
    .condition { color: var(--muted); font-style: italic; margin: .2em 0; }
    .badge { display: inline-block; font-size: .8em; font-weight: 600; padding: 0 .4em; border: 1px solid var(--muted); border-radius: 3px; color: var(--muted); }
    .badge.critical { border-color: var(--bad); color: var(--bad); }
    .critical-note { color: var(--bad); }
    .submit-bar { position: sticky; bottom: 0; background: #fff; border-top: 2px solid var(--line); padding: .5em 0; }
    .result { border: 2px solid var(--line); display: inline-block; padding: .25em 1em; border-radius: 4px; }
    .result.pass { border-color: var(--good); }
    .result.fail { border-color: var(--bad); }
    .result .big { font-size: 2em; font-weight: 700; }
    dl.answers dt { font-weight: 600; margin-top: .5em; }
    dl.answers dd { margin-left: 1.5em; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25em 1.5em; }
    dl.facts dt { font-weight: 600; }
    dl.facts dd { margin: 0; }
    .scroll-list { max-height: 16em; overflow-y: auto; border: 1px solid #8a8f98; padding: .5em; }
    table.side-by-side tr.disagree td { font-weight: 600; }
    form.key-form { margin-top: .5em; }
    .points, .comment-text { color: var(--muted); }
    .scroll { overflow-x: auto; }
    table.heat td.heat-high { background: #ffffff; }
    table.heat td.heat-mid { background: #e4ecf7; }
    table.heat td.heat-low { background: #b9cde8; }
    table.heat td.heat-lowest { background: #7d9fd0; color: #000; }
    svg.chart { max-width: 44em; display: block; }
    svg.chart .grid { stroke: #d5d9df; stroke-width: 1; }
    svg.chart .axis { font-size: 11px; fill: #4d5560; }
    svg.chart .series { stroke: #0b5cad; stroke-width: 2.5; }
    svg.chart .dot { fill: #0b5cad; }
    svg.chart .bar { fill: #5b8fcf; }
    form.inline-form { margin: .25em 0 1em; }
    fieldset.inline { border: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: .5em; align-items: center; }
    @media print { header.top, .submit-bar, form button { display: none; } main { max-width: none; } }
    """

    /// Enhancements only: the page works without it. Saves the draft as answers change, shows and hides
    /// questions as their conditions change (the server decides, by the template's rules), updates the running
    /// score, and moves focus to problems.
    static let script = """
    (function () {
      'use strict';
      function focusFirst(id) { var el = document.getElementById(id); if (el) { el.focus(); } }
      document.addEventListener('DOMContentLoaded', function () {
        focusFirst('problems');
        focusFirst('submitted');
        var form = document.getElementById('scoring-form');
        if (!form) { return; }
        var url = form.getAttribute('data-draft');
        var status = document.getElementById('running');
        var timer = null;
        var busy = false, again = false;
        function apply(live) {
          var applies = {}; live.applies.forEach(function (id) { applies[id] = true; });
          var sections = {}; live.sections.forEach(function (id) { sections[id] = true; });
          form.querySelectorAll('fieldset[data-criterion]').forEach(function (fs) {
            var section = fs.closest('section[data-section]');
            var inSection = section && sections[section.getAttribute('data-section')];
            fs.hidden = inSection && !applies[fs.getAttribute('data-criterion')];
            if (!inSection) { fs.hidden = true; }
          });
          if (status) { status.textContent = live.running + ' Draft saved.'; }
        }
        function save() {
          if (busy) { again = true; return; }
          busy = true;
          var body = new URLSearchParams(new FormData(form));
          body.delete('action');
          fetch(url, { method: 'POST', body: body, credentials: 'same-origin',
                       headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
            .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
            .then(apply)
            .catch(function () { if (status) { status.textContent = 'The draft could not be saved just now; your answers are still on this page.'; } })
            .then(function () { busy = false; if (again) { again = false; save(); } });
        }
        function soon(delay) { if (timer) { clearTimeout(timer); } timer = setTimeout(save, delay); }
        form.addEventListener('change', function () { soon(50); });
        form.addEventListener('input', function (e) { if (e.target.tagName === 'TEXTAREA' || e.target.type === 'text') { soon(800); } });
        save();
      });
    })();
    """
}
