/// The blind calibration session pages (see `CalibrationRoutes`).
extension PageTemplates {
    static let calibrationPages: [(String, String)] = [
        ("calibration-sessions", calibrationSessions), ("calibration-session", calibrationSession),
        ("calibration-history", calibrationHistory),
    ]

    static let calibrationSessions = """
    <h1>Calibration sessions</h1>
    <p>In a blind calibration session several assessors score the same calls on their own. Nobody sees anyone else's answers, the QA lead included, until the session is revealed; then the answers are compared side by side and the lead records the agreed answers. Calibration scores never count in agents' results.</p>
    {{#none}}<p>There are no sessions yet.</p>{{/none}}
    {{^none}}
    <table aria-labelledby="sessions-h"><caption id="sessions-h">Sessions, newest first</caption>
    <thead><tr><th scope="col">Session</th><th scope="col">Form</th><th scope="col">Calls</th><th scope="col">Assessors</th><th scope="col">Deadline</th><th scope="col">Where it stands</th></tr></thead>
    <tbody>{{#sessions}}<tr><td><a href="/calibration/{{id}}">{{name}}</a></td><td>{{form}}</td><td class="num">{{calls}}</td><td>{{progress}}</td><td>{{deadline}}</td><td>{{state}}</td></tr>{{/sessions}}</tbody></table>
    {{/none}}
    {{#mine}}<p><a href="/calibration/assessors/{{key}}">Your calibration history</a></p>{{/mine}}
    {{#lead}}
    <h2 id="open-session">Open a session</h2>
    {{#problem}}<div class="problem-box" role="alert" id="problems" tabindex="-1"><p>{{problem}}</p></div>{{/problem}}
    <form method="post" action="/calibration" class="wide">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <p><label for="cal-name">Name</label><br><input id="cal-name" name="name" required placeholder="Week 12 calibration"></p>
    <p><label for="cal-form">Form</label><br><select id="cal-form" name="template">{{#templates}}<option value="{{id}}">{{title}} (version {{version}})</option>{{/templates}}</select></p>
    <fieldset><legend>Assessors (at least two)</legend>
    {{#assessors}}<label class="choice"><input type="checkbox" name="assessor" value="{{key}}"> {{name}}</label>{{/assessors}}
    </fieldset>
    <fieldset><legend>Reference: whom each assessor is compared with</legend>
    <label class="choice"><input type="radio" name="reference" value="consensus" checked> The consensus of the other assessors</label>
    <label class="choice"><input type="radio" name="reference" value="expert"> An expert, chosen below</label>
    </fieldset>
    <p><label for="cal-expert">The expert, when the reference is an expert (one of the assessors above)</label><br><select id="cal-expert" name="expert">{{#assessors}}<option value="{{key}}">{{name}}</option>{{/assessors}}</select></p>
    <p><label for="cal-deadline">Deadline (optional)</label><br><input id="cal-deadline" name="deadline" type="date"></p>
    <fieldset><legend>Calls</legend>
    <div class="scroll-list">{{#calls}}<label class="choice"><input type="checkbox" name="call" value="{{key}}"> {{key}} (agent {{agent}}, {{date}})</label>{{/calls}}</div>
    </fieldset>
    <p><label for="cal-more">More calls by id (separated by commas or spaces)</label><br><input id="cal-more" name="more-calls"></p>
    <p><button type="submit" class="primary">Open the session</button></p>
    </form>
    {{/lead}}
    """

    static let calibrationSession = """
    <h1>Calibration session: {{name}}</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    <dl class="facts"><dt>Form</dt><dd>{{form}}</dd><dt>Reference</dt><dd>{{reference}}</dd><dt>Deadline</dt><dd>{{deadline}}</dd><dt>Where it stands</dt><dd>{{state}}</dd><dt>Assessors done</dt><dd>{{progress}}</dd><dt>Opened</dt><dd>{{openedOn}} by {{openedBy}}</dd></dl>
    <h2 id="who-h">Assessors</h2>
    <table aria-labelledby="who-h"><thead><tr><th scope="col">Assessor</th><th scope="col">Calls scored</th><th scope="col">Where they are</th></tr></thead>
    <tbody>{{#participants}}<tr><td>{{key}}</td><td>{{scored}}</td><td>{{state}}</td></tr>{{/participants}}</tbody></table>
    {{#hasToScore}}
    <h2 id="score-h">Your calls to score</h2>
    <ul aria-labelledby="score-h">{{#toScore}}<li>{{#done}}Call {{call}}: scored (<a href="/evaluations/{{evaluationPath}}">your answers</a>){{/done}}{{^done}}<a href="/calibration/{{id}}/calls/{{path}}/score">Score call {{call}}</a>{{/done}}</li>{{/toScore}}</ul>
    {{/hasToScore}}
    {{#open}}
    <p>Answers stay sealed until the session is revealed: automatically when the last assessor submits, or when the QA lead reveals it.</p>
    {{#lead}}<form method="post" action="/calibration/{{id}}/reveal"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Reveal the session now</button> <span class="hint">Assessors who have not submitted can then no longer score in it.</span></form>{{/lead}}
    {{/open}}
    {{^open}}
    <h2 id="bias-h">Each assessor against the reference</h2>
    {{#reportProblem}}<p>No statistics for this session: {{reportProblem}}</p>{{/reportProblem}}
    {{#hasBias}}
    <table aria-labelledby="bias-h"><thead><tr><th scope="col">Assessor</th><th scope="col">Calls</th><th scope="col">Mean difference in points (above 0: more lenient)</th><th scope="col">95 % range</th><th scope="col">Within tolerance</th><th scope="col">History</th></tr></thead>
    <tbody>{{#bias}}<tr><td>{{assessor}}</td><td class="num">{{calls}}</td><td class="num">{{bias}}</td><td>{{range}}</td><td class="num">{{within}}</td><td><a href="{{history}}">History of {{assessor}}</a></td></tr>{{/bias}}</tbody></table>
    {{/hasBias}}
    {{#hasCriteria}}
    <h2 id="agree-h">Agreement per question</h2>
    <table aria-labelledby="agree-h"><thead><tr><th scope="col">Question</th><th scope="col">Agreement</th><th scope="col">Same answer</th><th scope="col">Krippendorff's alpha</th></tr></thead>
    <tbody>{{#criteria}}<tr><td>{{criterion}}</td><td>{{agreement}}</td><td class="num">{{exact}}</td><td class="num">{{alpha}}</td></tr>{{/criteria}}</tbody></table>
    <p class="hint">Krippendorff's alpha needs answers that vary from call to call; with few calls, or when everyone gave the same answer, it is undefined (—). docs/calibration.md explains each figure.</p>
    {{/hasCriteria}}
    <h2 id="answers">Answers side by side, most disagreement first</h2>
    <p>{{disagreements}}</p>
    <table class="side-by-side"><thead><tr><th scope="col">Call</th><th scope="col">Question</th>{{#columns}}<th scope="col">{{name}}</th>{{/columns}}<th scope="col">Agreement</th><th scope="col">Agreed answer</th></tr></thead>
    <tbody>{{#rows}}<tr{{#disagree}} class="disagree"{{/disagree}}><td>{{call}}</td><td>{{prompt}}</td>{{#answers}}<td>{{words}}</td>{{/answers}}<td>{{agreement}}</td><td>
    {{#agreed}}<strong>{{agreed}}</strong>{{#agreedNote}}<br><span class="hint">{{agreedNote}}</span>{{/agreedNote}}{{/agreed}}
    {{#keyForm}}<form method="post" action="/calibration/{{id}}/key" class="key-form"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="call" value="{{call}}"><input type="hidden" name="criterion" value="{{criterion}}">
    <fieldset><legend class="visually-hidden">Agreed answer for call {{call}}: {{prompt}}</legend>{{#choices}}<label class="choice"><input type="radio" name="answer" value="{{value}}" {{#checked}}checked{{/checked}} required> {{words}}</label>{{/choices}}</fieldset>
    <label for="note-{{call}}-{{criterion}}">Note</label> <input id="note-{{call}}-{{criterion}}" name="note"> <button type="submit">Record</button></form>{{/keyForm}}
    </td></tr>{{/rows}}</tbody></table>
    {{#lead}}{{#revealed}}<form method="post" action="/calibration/{{id}}/close"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Close the session: the answer key is final</button></form>{{/revealed}}{{/lead}}
    {{/open}}
    <p><a href="/calibration">All calibration sessions</a></p>
    """

    static let calibrationHistory = """
    <h1>Calibration history of {{person}}</h1>
    <p>How far this assessor's totals were from each revealed session's reference, session by session. Above 0 means more lenient than the reference, below 0 more severe.</p>
    {{#none}}<p>No revealed session includes this assessor yet.</p>{{/none}}
    {{^none}}
    <figure>{{{chart}}}</figure>
    <table aria-labelledby="history-h"><caption id="history-h">The numbers behind the chart</caption>
    <thead><tr><th scope="col">Session</th><th scope="col">Revealed</th><th scope="col">Calls</th><th scope="col">Mean difference in points</th><th scope="col">Within tolerance</th></tr></thead>
    <tbody>{{#points}}<tr><td><a href="/calibration/{{id}}">{{name}}</a></td><td>{{revealed}}</td><td class="num">{{calls}}</td><td class="num">{{bias}}</td><td class="num">{{within}}</td></tr>{{/points}}</tbody></table>
    {{/none}}
    <p><a href="/calibration">All calibration sessions</a></p>
    """
}
