/// The sampling and queue pages' templates (Mustache, every `{{value}}` HTML-escaped), registered with the
/// others through `PageTemplates.all`.
enum QueuePageTemplates {
    static let all: [(String, String)] = [("sampling", sampling), ("sampling-run", samplingRun), ("queue", queue)]

    static let sampling = """
    <h1>Sampling</h1>
    <p>Draw calls to score at random from each agent's calls in a period, spread evenly over the assessors you choose (never an assessor's own calls). The draw is recorded with its seed and filter, so it can be repeated and audited. Preview it first: the plan shows, for each agent, how precise their mean score and pass rate will be.</p>
    {{#problem}}<div class="problem-box" role="alert" id="problems" tabindex="-1"><p>{{problem}}</p></div>{{/problem}}
    <form method="post" action="/sampling/preview">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <fieldset><legend>Form to score with</legend>
    <p><label for="s-template">Form and version</label> <select id="s-template" name="template">{{#templates}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{title}} (version {{version}})</option>{{/templates}}</select></p>
    </fieldset>
    <fieldset><legend>How many calls per agent</legend>
    <fieldset class="inline"><legend>Draw by</legend>
    <label class="choice"><input type="radio" name="quota" value="per-agent" {{^shareChecked}}checked{{/shareChecked}}> a number of calls per agent</label>
    <label class="choice"><input type="radio" name="quota" value="share" {{#shareChecked}}checked{{/shareChecked}}> a share of each agent's calls</label>
    </fieldset>
    <p><label for="s-per-agent">Calls per agent (when drawing by number)</label> <input id="s-per-agent" name="per-agent" inputmode="numeric" size="4" value="{{perAgent}}"></p>
    <p><label for="s-share">Share in percent (when drawing by share)</label> <input id="s-share" name="share" inputmode="decimal" size="4" value="{{share}}"> <label for="s-min">but at least this many calls</label> <input id="s-min" name="min" inputmode="numeric" size="4" value="{{min}}"></p>
    </fieldset>
    <fieldset><legend>Which calls</legend>
    <p><label for="s-from">First call date</label> <input id="s-from" name="from" type="date" required value="{{from}}"> <label for="s-to">Last call date</label> <input id="s-to" name="to" type="date" required value="{{to}}"></p>
    <p><label for="s-team">Team</label> <select id="s-team" name="team"><option value="">Every team</option>{{#teams}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/teams}}</select>
    <label for="s-queue">Queue</label> <input id="s-queue" name="queue" size="10" value="{{queue}}">
    <label for="s-direction">Direction</label> <input id="s-direction" name="direction" size="10" value="{{direction}}"></p>
    <p><label for="s-min-duration">Shortest call (seconds)</label> <input id="s-min-duration" name="min-duration" inputmode="numeric" size="6" value="{{minDuration}}"> <label for="s-max-duration">Longest call (seconds)</label> <input id="s-max-duration" name="max-duration" inputmode="numeric" size="6" value="{{maxDuration}}"></p>
    <p><label><input type="checkbox" name="not-evaluated" value="yes" {{#notEvaluated}}checked{{/notEvaluated}}> Only calls nobody has evaluated officially yet</label></p>
    </fieldset>
    <fieldset><legend>Assessors to give the calls to</legend>
    {{#assessors}}<label class="choice"><input type="checkbox" name="assessor" value="{{name}}" {{#checked}}checked{{/checked}}> {{name}} ({{role}})</label> {{/assessors}}
    </fieldset>
    <fieldset><legend>Due</legend>
    <p><label for="s-due">Due on</label> <input id="s-due" name="due" type="date" value="{{due}}"> or <label for="s-due-in">days after the draw</label> <input id="s-due-in" name="due-in" inputmode="numeric" size="4" value="{{dueIn}}"></p>
    </fieldset>
    <fieldset><legend>Precision asked for (95% confidence)</legend>
    <p><label for="s-points">Each agent's mean score within ± points</label> <input id="s-points" name="precision-points" inputmode="decimal" size="4" value="{{precisionPoints}}">
    <label for="s-pass">Each agent's pass rate within ± percentage points</label> <input id="s-pass" name="precision-pass-rate" inputmode="decimal" size="4" value="{{precisionPassRate}}"></p>
    </fieldset>
    <p><label for="s-seed">Seed (leave empty for a new one; give a run's seed to repeat its draw)</label> <input id="s-seed" name="seed" inputmode="numeric" value="{{seed}}"></p>
    <p><button type="submit">Preview the draw</button></p>
    </form>
    {{#preview}}
    <section aria-labelledby="plan-h">
    <h2 id="plan-h">The plan</h2>
    <p>{{quota}}: {{drawn}} of the {{candidates}} calls that pass the filter, due {{due}}. Seed <strong>{{seed}}</strong>. Precision asked for: ±{{points}} points on each agent's mean score, ±{{passPoints}} percentage points on the pass rate.</p>
    {{#hasWarnings}}<div class="problem-box" role="alert"><h3>Warnings</h3><ul>{{#warnings}}<li>{{line}}</li>{{/warnings}}</ul></div>{{/hasWarnings}}
    {{#hasAgents}}
    <table aria-labelledby="plan-h"><thead><tr><th scope="col">Agent</th><th scope="col">Calls available</th><th scope="col">Calls drawn</th><th scope="col">Margin on mean score</th><th scope="col">Margin on pass rate</th><th scope="col">Mean score precise enough?</th><th scope="col">Pass rate precise enough?</th></tr></thead>
    <tbody>{{#agents}}<tr><th scope="row">{{agent}}</th><td class="num">{{available}}</td><td class="num">{{drawn}}</td><td class="num">{{scoreMargin}}</td><td class="num">{{passMargin}}</td><td>{{scoreNeed}}</td><td>{{passNeed}}</td></tr>{{/agents}}</tbody></table>
    {{/hasAgents}}
    {{^hasAgents}}<p>No agent has calls that pass the filter.</p>{{/hasAgents}}
    <p>Calls per assessor: {{#spread}}{{name}} {{count}}; {{/spread}}</p>
    <ul>{{#assumptions}}<li>{{line}}</li>{{/assumptions}}</ul>
    {{#withoutAccount}}<p>Without an account (they get the calls but are not told in the workbench): {{withoutAccount}}.</p>{{/withoutAccount}}
    {{#canDraw}}
    <form method="post" action="/sampling/draw">
    <input type="hidden" name="csrf" value="{{csrf}}">
    {{#fields}}<input type="hidden" name="{{name}}" value="{{value}}">{{/fields}}
    <p><button type="submit" class="primary">Draw and assign these calls</button></p>
    </form>
    {{/canDraw}}
    </section>
    {{/preview}}
    <h2 id="runs-h">Sampling runs</h2>
    {{#hasRuns}}<table aria-labelledby="runs-h"><thead><tr><th scope="col">Run</th><th scope="col">Drawn</th><th scope="col">By</th><th scope="col">Quota</th><th scope="col">Calls from</th></tr></thead>
    <tbody>{{#runs}}<tr><td><a href="/sampling/runs/{{id}}">Run {{id}}</a></td><td>{{drawnAt}}</td><td>{{drawnBy}}</td><td>{{quota}}</td><td>{{period}}</td></tr>{{/runs}}</tbody></table>{{/hasRuns}}
    {{^hasRuns}}<p>No calls have been drawn yet.</p>{{/hasRuns}}
    """

    static let samplingRun = """
    <h1>Sampling run {{id}}</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#problem}}<div class="problem-box" role="alert" id="problems" tabindex="-1"><p>{{problem}}</p></div>{{/problem}}
    <p class="meta">Drawn by {{drawnBy}} at {{drawnAt}} · seed {{seed}}{{#quota}} · {{quota}}{{/quota}}{{#period}} · calls from {{period}}{{/period}}{{#form}} · form {{form}}{{/form}}{{#assessors}} · assessors {{assessors}}{{/assessors}}</p>
    <h2 id="progress-h">Progress</h2>
    <table aria-labelledby="progress-h"><thead><tr><th scope="col">Assessor</th><th scope="col">Assigned</th><th scope="col">Open</th><th scope="col">Claimed</th><th scope="col">Done</th><th scope="col">Overdue</th><th scope="col">Replaced</th></tr></thead>
    <tbody>{{#progress}}<tr><th scope="row">{{assessor}}</th><td class="num">{{assigned}}</td><td class="num">{{open}}</td><td class="num">{{claimed}}</td><td class="num">{{done}}</td><td class="num">{{overdue}}</td><td class="num">{{replaced}}</td></tr>{{/progress}}
    {{#total}}<tr><th scope="row">{{assessor}}</th><td class="num">{{assigned}}</td><td class="num">{{open}}</td><td class="num">{{claimed}}</td><td class="num">{{done}}</td><td class="num">{{overdue}}</td><td class="num">{{replaced}}</td></tr>{{/total}}</tbody></table>
    <p>Assigned counts the calls still in the run (open, claimed or done); a replaced call is counted under Replaced, and the call that took its place under Assigned. Overdue: past its due date and not done.</p>
    <h2 id="run-assignments-h">Calls</h2>
    <table aria-labelledby="run-assignments-h"><thead><tr><th scope="col">Assignment</th><th scope="col">Call</th><th scope="col">Agent</th><th scope="col">Assessor</th><th scope="col">Due</th><th scope="col">State</th><th scope="col">Reason replaced</th><th scope="col">Actions</th></tr></thead>
    <tbody>{{#assignments}}<tr><td>{{id}}</td><td>{{call}}</td><td>{{agent}}</td><td>{{assessor}}</td><td>{{due}}</td><td>{{#overdue}}<strong>{{state}}</strong>{{/overdue}}{{^overdue}}{{state}}{{/overdue}}</td><td>{{reason}}</td><td>
    {{#canRelease}}<form method="post" action="/queue/{{id}}/release" class="inline-form"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="back" value="run"><button type="submit">Release call {{call}}</button></form>{{/canRelease}}
    {{#canReplace}}<details><summary>Replace call {{call}}</summary><form method="post" action="/queue/{{id}}/replace"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="back" value="run"><p><label for="reason-{{id}}">Why can this call not be scored?</label><br><input id="reason-{{id}}" name="reason" required maxlength="500"></p><p><button type="submit">Replace call {{call}}</button></p></form></details>{{/canReplace}}
    </td></tr>{{/assignments}}</tbody></table>
    <p><a href="/sampling">Back to sampling</a></p>
    """

    static let queue = """
    <h1>My queue</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#problem}}<div class="problem-box" role="alert" id="problems" tabindex="-1"><p>{{problem}}</p></div>{{/problem}}
    {{#hasItems}}
    <p>{{count}} calls are waiting for you, soonest due first. Claim a call when you start on it; release it if someone else should take it; replace it (with a reason) when it cannot be scored — another call of the same agent takes its place.</p>
    <table aria-labelledby="queue-h"><caption id="queue-h" class="visually-hidden">Calls waiting for you</caption><thead><tr><th scope="col">Call</th><th scope="col">Agent</th><th scope="col">Call date</th><th scope="col">Form</th><th scope="col">Due</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead>
    <tbody>{{#items}}<tr><td>{{call}}</td><td>{{agent}}</td><td>{{date}}</td><td>{{form}}</td><td>{{due}}</td><td>{{#overdue}}<strong>{{state}}</strong>{{/overdue}}{{^overdue}}{{state}}{{/overdue}}</td><td>
    <a href="/calls/{{callPath}}/score">Score call {{call}}</a>
    {{#canClaim}}<form method="post" action="/queue/{{id}}/claim" class="inline-form"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Claim call {{call}}</button></form>{{/canClaim}}
    {{#canRelease}}<form method="post" action="/queue/{{id}}/release" class="inline-form"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Release call {{call}}</button></form>{{/canRelease}}
    {{#canReplace}}<details><summary>Replace call {{call}}</summary><form method="post" action="/queue/{{id}}/replace"><input type="hidden" name="csrf" value="{{csrf}}"><p><label for="reason-{{id}}">Why can this call not be scored?</label><br><input id="reason-{{id}}" name="reason" required maxlength="500"></p><p><button type="submit">Replace call {{call}}</button></p></form></details>{{/canReplace}}
    </td></tr>{{/items}}</tbody></table>
    {{/hasItems}}
    {{^hasItems}}<p>No calls are waiting for you.</p>{{/hasItems}}
    """
}
