/// The pages' templates (Mustache; `{{value}}` is HTML-escaped, `{{{html}}}` is markup the server built).
/// Compiled into the binary: the server reads no page from disk and nothing from the network.
enum PageTemplates {
    static let all: [(String, String)] = [
        ("layout", layout), ("message", message), ("sign-in", signIn), ("home", home), ("calls", calls),
        ("score", score), ("evaluation", evaluation), ("teams", teams), ("team", team), ("accounts", accounts),
        ("templates", templates), ("reports", reports), ("report", report),
    ] + calibrationPages + [("notifications", notifications)] + QueuePageTemplates.all + disputePages
        + CoachingPageTemplates.all

    static let layout = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} · QA workbench</title>
    <link rel="stylesheet" href="/static/app.css">
    {{#planStyle}}<link rel="stylesheet" href="/static/plan.css">{{/planStyle}}
    <script src="/static/app.js" defer></script>
    </head>
    <body>
    <a class="skip" href="#main">Skip to the content</a>
    <header class="top">
    <p class="brand"><a href="/">QA workbench</a></p>
    {{#user}}
    <nav aria-label="Main">
    <ul>{{#nav}}<li><a href="{{href}}">{{label}}</a></li>{{/nav}}</ul>
    </nav>
    <div class="who">
    <span>{{user}} ({{role}})</span>
    <form method="post" action="/sign-out"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="link">Sign out</button></form>
    </div>
    {{/user}}
    </header>
    <main id="main" tabindex="-1">
    {{{body}}}
    </main>
    </body>
    </html>
    """

    static let message = """
    <h1>{{heading}}</h1>
    <p>{{message}}</p>
    <p><a href="/">Go to your home page</a></p>
    """

    static let signIn = """
    <h1>Sign in</h1>
    {{#problem}}<div class="problem-box" role="alert" id="problems" tabindex="-1"><p>{{problem}}</p></div>{{/problem}}
    <form method="post" action="/sign-in" class="narrow">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <input type="hidden" name="next" value="{{next}}">
    <p><label for="username">Username</label><br><input id="username" name="username" autocomplete="username" required value="{{username}}" {{^username}}autofocus{{/username}}></p>
    <p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required {{#username}}autofocus{{/username}}></p>
    <p><button type="submit">Sign in</button></p>
    </form>
    """

    static let home = """
    <h1>{{heading}}</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#assigned}}
    <h2 id="assigned-h">Calls to score</h2>
    {{#hasAssigned}}
    <table aria-labelledby="assigned-h"><thead><tr><th scope="col">Call</th><th scope="col">Agent</th><th scope="col">Call date</th><th scope="col">Form</th><th scope="col">Due</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
    <tbody>{{#items}}<tr><td>{{call}}</td><td>{{agent}}</td><td>{{date}}</td><td>{{form}}</td><td>{{due}}</td><td><a href="/calls/{{callPath}}/score">Score call {{call}}</a></td></tr>{{/items}}</tbody></table>
    {{/hasAssigned}}
    {{^hasAssigned}}<p>No calls are waiting for you.</p>{{/hasAssigned}}
    <p><a href="/queue">Open your queue</a> to claim, release or replace a call.</p>
    {{/assigned}}
    {{#teamLinks}}
    <h2>Teams</h2>
    <ul>{{#teams}}<li><a href="/teams/{{path}}">Dashboard of {{name}}</a></li>{{/teams}}</ul>
    {{/teamLinks}}
    {{#planLink}}<p><a href="/agents/{{path}}/plan">Your coaching plan</a></p>{{/planLink}}
    {{#evaluations}}
    <h2 id="evaluations-h">{{heading}}</h2>
    {{#hasItems}}
    <table aria-labelledby="evaluations-h"><thead><tr><th scope="col">Call date</th><th scope="col">Call</th><th scope="col">Agent</th><th scope="col">Assessor</th><th scope="col">Purpose</th><th scope="col">Score</th><th scope="col">Result</th><th scope="col">Released</th></tr></thead>
    <tbody>{{#items}}<tr><td>{{date}}</td><td><a href="/evaluations/{{path}}">{{call}}</a></td><td>{{agent}}</td><td>{{assessor}}</td><td>{{purpose}}</td><td class="num">{{score}}</td><td>{{result}}</td><td>{{released}}</td></tr>{{/items}}</tbody></table>
    {{/hasItems}}
    {{^hasItems}}<p>{{empty}}</p>{{/hasItems}}
    {{/evaluations}}
    {{#accountsLink}}<p><a href="/accounts">Manage the accounts</a></p>{{/accountsLink}}
    <h2>Your sessions</h2>
    <form method="post" action="/sign-out-everywhere"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Sign out on every device</button></form>
    """

    static let calls = """
    <h1>Calls</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    <p>{{count}} calls shown, newest first. Tick calls and assign them to an assessor, or score one yourself.</p>
    <form method="post" action="/assignments">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <fieldset class="inline"><legend>Assign the ticked calls</legend>
    <label for="assessor">Assessor</label> <select id="assessor" name="assessor">{{#assessors}}<option value="{{name}}">{{name}}</option>{{/assessors}}</select>
    <label for="template">Form</label> <select id="template" name="template">{{#templates}}<option value="{{id}}">{{title}} (version {{version}})</option>{{/templates}}</select>
    <label for="due">Due on</label> <input id="due" name="due" type="date">
    <button type="submit">Assign</button>
    </fieldset>
    <div role="group" aria-label="Calls to tick for assigning">
    <table><caption class="visually-hidden">Calls</caption><thead><tr><th scope="col">Assign</th><th scope="col">Call</th><th scope="col">Agent</th><th scope="col">Team</th><th scope="col">Date</th><th scope="col">Evaluations</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
    <tbody>{{#calls}}<tr><td><input type="checkbox" name="call" value="{{key}}" id="call-{{key}}" aria-label="Assign call {{key}}"></td><td>{{key}}</td><td>{{agent}}</td><td>{{team}}</td><td>{{date}}</td><td class="num">{{evaluations}}</td><td><a href="/calls/{{path}}/score">Score call {{key}}</a></td></tr>{{/calls}}</tbody></table>
    </div>
    </form>
    """

    static let score = """
    <h1>Score call {{call}}</h1>
    <p class="meta">Agent <strong>{{agent}}</strong>{{#team}}, team {{team}}{{/team}} · call date {{date}} · form <strong>{{form}}</strong> (version {{version}}){{#draftSaved}} · <span>draft saved {{draftSaved}}</span>{{/draftSaved}}</p>
    {{#calibration}}<p class="notice">Calibration session {{session}}: score this call on your own. Nobody sees your answers, and you see nobody else's, until the session is revealed. Calibration scores never count in the agent's results. <a href="/calibration/{{session}}">Back to the session</a></p>{{/calibration}}
    {{#otherForms}}<form method="get" action="/calls/{{callPath}}/score" class="inline-form"><label for="other-form">Score with another form</label> <select id="other-form" name="template">{{#forms}}<option value="{{id}}"{{#current}} selected{{/current}}>{{title}} (version {{version}})</option>{{/forms}}</select> <button type="submit">Open</button></form>{{/otherForms}}
    {{#problemCount}}
    <div class="problem-box" role="alert" id="problems" tabindex="-1">
    <h2>{{problemCount}} to put right before this can be submitted</h2>
    <ul>{{#problems}}<li><a href="#{{anchor}}">{{question}}: {{message}}</a></li>{{/problems}}</ul>
    </div>
    {{/problemCount}}
    <div class="score-layout">
    <section class="transcript" aria-labelledby="transcript-h">
    <h2 id="transcript-h">Transcript</h2>
    {{#transcript}}<pre tabindex="0">{{transcript}}</pre>{{/transcript}}
    {{^transcript}}<p>No transcript is stored for this call.</p>{{/transcript}}
    </section>
    <form method="post" action="{{formPath}}/score" id="scoring-form" data-draft="{{formPath}}/draft" novalidate>
    <input type="hidden" name="csrf" value="{{csrf}}">
    <input type="hidden" name="template" value="{{templateID}}">
    {{{sectionsHTML}}}
    <div class="submit-bar">
    <p id="running" role="status" aria-live="polite">{{running}}</p>
    {{#canRelease}}<p><label><input type="checkbox" name="release" value="yes" {{#release}}checked{{/release}}> Release the evaluation to the agent when submitted</label></p>{{/canRelease}}
    <p><button type="submit" name="action" value="save">Save draft</button> <button type="submit" name="action" value="submit" class="primary">Submit evaluation</button></p>
    </div>
    </form>
    </div>
    """

    static let evaluation = """
    <h1>Evaluation of call {{call}}</h1>
    {{#justSubmitted}}<div class="notice" role="status" id="submitted" tabindex="-1"><p>Submitted. The score is <strong>{{total}}</strong>: {{result}}.</p></div>{{/justSubmitted}}
    <p class="meta">Agent <strong>{{agent}}</strong>{{#team}}, team {{team}}{{/team}} · assessed by {{assessor}} · call date {{date}} · form {{form}} (version {{version}}) · {{purpose}} · {{state}}</p>
    <div class="result {{resultClass}}"><p><span class="big">{{total}}</span> <span>{{result}}</span>{{#band}} · {{band}}{{/band}}</p></div>
    {{#autoFail}}<p class="critical-note" role="note"><strong>Auto-fail:</strong> a critical item failed the whole evaluation, whatever the other answers.</p>{{/autoFail}}
    {{#hasCritical}}
    <h2>Critical failures</h2>
    <ul>{{#critical}}<li>{{question}}: {{effect}}{{#comment}} — “{{comment}}”{{/comment}}</li>{{/critical}}</ul>
    {{/hasCritical}}
    {{> evaluation-workflow}}
    <h2 id="sections-h">By section</h2>
    <table aria-labelledby="sections-h"><thead><tr><th scope="col">Section</th><th scope="col">Score</th><th scope="col">Note</th></tr></thead>
    <tbody>{{#sections}}<tr><td>{{title}}</td><td class="num">{{score}}</td><td>{{note}}</td></tr>{{/sections}}</tbody></table>
    <h2 id="categories-h">By category</h2>
    <table aria-labelledby="categories-h"><thead><tr><th scope="col">Category</th><th scope="col">Score</th></tr></thead>
    <tbody>{{#categories}}<tr><td>{{title}}</td><td class="num">{{score}}</td></tr>{{/categories}}</tbody></table>
    <h2>Answers</h2>
    {{#answerSections}}
    <h3>{{title}}</h3>
    <dl class="answers">{{#items}}<dt>{{prompt}}{{#critical}} <span class="badge critical">Critical</span>{{/critical}}</dt><dd>{{answer}}{{#points}} <span class="points">({{points}})</span>{{/points}}{{#comment}}<br><span class="comment-text">Comment: {{comment}}</span>{{/comment}}</dd>{{/items}}</dl>
    {{/answerSections}}
    <h2 id="history-h">History</h2>
    <table aria-labelledby="history-h"><thead><tr><th scope="col">Revision</th><th scope="col">When</th><th scope="col">By</th><th scope="col">Why</th><th scope="col">Score</th><th scope="col">Result</th></tr></thead>
    <tbody>{{#revisions}}<tr><td>{{revision}}</td><td>{{when}}</td><td>{{author}}</td><td>{{reason}}</td><td class="num">{{total}}</td><td>{{result}}</td></tr>{{/revisions}}</tbody></table>
    {{#changes}}<h3>What changed in revision {{revision}}</h3><ul>{{#items}}<li>{{column}}: {{before}} → {{after}}</li>{{/items}}</ul>{{/changes}}
    """

    static let teams = """
    <h1>Teams</h1>
    {{#hasTeams}}<ul>{{#teams}}<li><a href="/teams/{{path}}">{{name}}</a></li>{{/teams}}</ul>{{/hasTeams}}
    {{^hasTeams}}<p>No team has evaluations yet.</p>{{/hasTeams}}
    """

    static let team = """
    <h1>Team {{team}}</h1>
    {{#hasData}}
    <p class="meta">{{count}} official evaluations{{#releasedOnly}} released to the agents{{/releasedOnly}}, calls from {{from}} to {{to}} (the {{weekCount}} weeks up to the newest).</p>
    <h2 id="trend-h">Score trend</h2>
    <figure aria-labelledby="trend-h">{{{trendChart}}}<figcaption>Mean score by week (line); the numbers are in the table below.</figcaption></figure>
    <table aria-labelledby="trend-h"><thead><tr><th scope="col">Week from</th><th scope="col">Evaluations</th><th scope="col">Mean score</th><th scope="col">Pass rate</th></tr></thead>
    <tbody>{{#weeks}}<tr><td>{{monday}}</td><td class="num">{{count}}</td><td class="num">{{mean}}</td><td class="num">{{pass}}</td></tr>{{/weeks}}</tbody></table>
    <h2 id="pass-h">Pass rate by week</h2>
    <figure aria-labelledby="pass-h">{{{passChart}}}<figcaption>Share of evaluations passed each week (bars); the numbers are in the table above.</figcaption></figure>
    <h2 id="heat-h">Criteria by agent</h2>
    <p>Each cell is the share of possible points the agent earned on that question over the period; darker is lower, and the figure is always written in the cell.</p>
    {{#heatMapForm}}<p>This team was scored on more than one form in the period; the questions are those of <strong>{{heatMapForm}}</strong>, the form most of its evaluations used (the other columns above count every form).</p>{{/heatMapForm}}
    <div class="scroll"><table class="heat" aria-labelledby="heat-h"><thead><tr><th scope="col">Agent</th><th scope="col">Evaluations</th><th scope="col">Mean</th><th scope="col">Pass rate</th><th scope="col">Critical failures</th>{{#criteria}}<th scope="col"><abbr title="{{prompt}}">{{short}}</abbr></th>{{/criteria}}</tr></thead>
    <tbody>{{#agents}}<tr><th scope="row">{{#planPath}}<a href="/agents/{{planPath}}/plan">{{agent}}</a>{{/planPath}}{{^planPath}}{{agent}}{{/planPath}}</th><td class="num">{{count}}</td><td class="num">{{mean}}</td><td class="num">{{pass}}</td><td class="num">{{critical}}</td>{{#cells}}<td class="num heat-{{level}}">{{value}}</td>{{/cells}}</tr>{{/agents}}</tbody></table></div>
    <h3>Questions</h3>
    <ol class="questions">{{#criteria}}<li><strong>{{short}}</strong>: {{prompt}}</li>{{/criteria}}</ol>
    <h2 id="critical-h">Critical failures</h2>
    {{#hasFailures}}<table aria-labelledby="critical-h"><thead><tr><th scope="col">Call date</th><th scope="col">Agent</th><th scope="col">Question</th><th scope="col">Effect</th><th scope="col">Evaluation</th></tr></thead>
    <tbody>{{#failures}}<tr><td>{{date}}</td><td>{{agent}}</td><td>{{question}}</td><td>{{effect}}</td><td><a href="/evaluations/{{path}}">open</a></td></tr>{{/failures}}</tbody></table>{{/hasFailures}}
    {{^hasFailures}}<p>No critical failures in this period.</p>{{/hasFailures}}
    {{/hasData}}
    {{^hasData}}<p>No evaluations of this team to show yet.</p>{{/hasData}}
    """

    static let accounts = """
    <h1>Accounts</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#problem}}<div class="problem-box" role="alert" id="problems" tabindex="-1"><p>{{problem}}</p></div>{{/problem}}
    <table><caption class="visually-hidden">Accounts</caption><thead><tr><th scope="col">Username</th><th scope="col">Role</th><th scope="col">Team</th><th scope="col">Person id</th><th scope="col">State</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
    <tbody>{{#accounts}}<tr><td>{{username}}</td><td>{{role}}</td><td>{{team}}</td><td>{{person}}</td><td>{{state}}</td><td>{{#canDisable}}<form method="post" action="/accounts/{{path}}/disable"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Disable {{username}}</button></form>{{/canDisable}}</td></tr>{{/accounts}}</tbody></table>
    <h2>Add an account</h2>
    <form method="post" action="/accounts" class="narrow">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <p><label for="new-username">Username</label><br><input id="new-username" name="username" required autocomplete="off"></p>
    <p><label for="new-role">Role</label><br><select id="new-role" name="role">{{#roles}}<option value="{{value}}">{{title}}</option>{{/roles}}</select></p>
    <p><label for="new-team">Team (for team leaders and agents)</label><br><input id="new-team" name="team"></p>
    <p><label for="new-person">Person id in the data (if not the username)</label><br><input id="new-person" name="person"></p>
    <p><label for="new-password">First password (at least {{minimum}} characters)</label><br><input id="new-password" name="password" type="password" autocomplete="new-password" required></p>
    <p><button type="submit">Add the account</button></p>
    </form>
    <h2>Erase a person who has left</h2>
    <form method="post" action="/accounts/erase" class="narrow">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <fieldset><legend>Replace their id everywhere by a pseudonym (scores and counts stay the same; this cannot be undone)</legend>
    <p><label for="erase-person">Their id in the data, or their username</label><br><input id="erase-person" name="person" required autocomplete="off"></p>
    <p><input type="checkbox" id="erase-confirm" name="confirm" value="yes"> <label for="erase-confirm">I understand the erasure cannot be undone</label></p>
    </fieldset>
    <p><button type="submit">Erase the person</button></p>
    </form>
    {{#retention}}
    <h2 id="retention">Retention policy</h2>
    <p>{{#policy}}Now: {{policy}}.{{/policy}}{{^policy}}No retention policy is set: evaluations are kept until removed otherwise.{{/policy}}</p>
    <p>{{#lastRun}}Last run: {{at}} by {{by}}: {{summary}}.{{/lastRun}}{{^lastRun}}Never run.{{/lastRun}}</p>
    <form method="post" action="/accounts/retention" class="narrow">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <fieldset><legend>Set the policy</legend>
    <p><label for="retention-months">Evaluations of calls older than this many months</label><br><input id="retention-months" name="months" type="number" min="1" max="1200" required value="{{months}}"></p>
    <fieldset><legend>What happens to them</legend>
    {{#actions}}<p><input type="radio" id="retention-{{value}}" name="action" value="{{value}}" required {{#checked}}checked{{/checked}}> <label for="retention-{{value}}">{{label}}</label></p>{{/actions}}
    </fieldset>
    <p><button type="submit">Set the policy</button></p>
    </fieldset>
    </form>
    {{#preview}}
    <form method="post" action="/accounts/retention/run" class="narrow">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <fieldset><legend>Run the policy now (today is {{today}})</legend>
    <p>A run now: {{preview}}. The audit log records the counts, never who.</p>
    <p><input type="checkbox" id="retention-confirm" name="confirm" value="yes" required> <label for="retention-confirm">Yes, apply the policy now (this cannot be undone)</label></p>
    <p><button type="submit">Run the retention policy</button></p>
    </fieldset>
    </form>
    {{/preview}}
    {{/retention}}
    """

    static let templates = """
    <h1>Templates</h1>
    <table><caption class="visually-hidden">Template versions</caption><thead><tr><th scope="col">Form</th><th scope="col">Id</th><th scope="col">Version</th><th scope="col">Questions</th><th scope="col">Pass mark</th><th scope="col">Disputes</th></tr></thead>
    <tbody>{{#templates}}<tr><td>{{title}}</td><td>{{id}}</td><td>{{version}}</td><td class="num">{{questions}}</td><td class="num">{{passMark}}</td><td><a href="/dispute-rules/{{idPath}}">Dispute rules of {{id}}</a></td></tr>{{/templates}}</tbody></table>
    """

    static let reports = """
    <h1>Calibration and drift</h1>
    <p>Reports on the calibration evaluations in the workspace (several assessors scoring the same calls).</p>
    <ul>{{#templates}}<li>{{title}}: <a href="/reports/calibration/{{path}}">calibration report</a> · <a href="/reports/drift/{{path}}">drift report</a></li>{{/templates}}</ul>
    """

    static let report = """
    {{#heading}}<h1>{{heading}}</h1>{{/heading}}
    {{{report}}}
    """
}
