/// The coaching plan page with its one-to-ones: the plan (as `qa coach` writes it), the sessions recorded with
/// their follow-ups, and for a team leader of the team or a QA lead the form to record one.
enum CoachingPageTemplates {
    static let all: [(String, String)] = [("plan", plan)]

    static let plan = """
    {{{report}}}
    <section id="one-to-ones" class="one-to-ones" aria-labelledby="one-to-ones-h">
    <h2 id="one-to-ones-h">One-to-ones</h2>
    {{#notice}}<p class="notice" role="status" id="submitted" tabindex="-1">{{notice}}</p>{{/notice}}
    {{^hasSessions}}<p>No one-to-ones recorded yet.</p>{{/hasSessions}}
    {{#sessions}}
    <article class="one-to-one" aria-labelledby="session-{{id}}">
    <h3 id="session-{{id}}">One-to-one of {{held}}</h3>
    <dl>
    <dt>Held by</dt><dd>{{by}}</dd>
    <dt>Development areas discussed</dt><dd><ul>{{#areas}}<li>{{prompt}} ({{id}})</li>{{/areas}}</ul></dd>
    <dt>Actions agreed</dt><dd class="keep-lines">{{actions}}</dd>
    <dt>SMART target</dt><dd class="keep-lines">{{target}}</dd>
    <dt>Follow-up</dt><dd>{{followUpOn}}</dd>
    </dl>
    {{#pending}}<p>Follow-up on {{followUpOn}}: the results after the one-to-one are compared with those before it from that day.</p>{{/pending}}
    {{#followUp}}
    <h4>Follow-up</h4>
    <p>{{windows}}</p>
    <table><caption>Coached areas before and after the one-to-one</caption>
    <thead><tr><th scope="col">Area</th><th scope="col">Measure</th><th scope="col">Before</th><th scope="col">After</th><th scope="col">What it shows</th></tr></thead>
    <tbody>{{#criteria}}<tr><th scope="row">{{prompt}} ({{id}})</th><td>{{measure}}</td><td>{{before}}</td><td>{{after}}</td><td>{{verdict}}</td></tr>{{/criteria}}</tbody></table>
    {{#kpis}}<p>{{kpis}}</p>{{/kpis}}
    {{/followUp}}
    </article>
    {{/sessions}}
    {{#canRecord}}
    <form method="post" action="/agents/{{agentPath}}/sessions" class="narrow" novalidate>
    <input type="hidden" name="csrf" value="{{csrf}}">
    <fieldset>
    <legend>Record a one-to-one with {{agent}}</legend>
    {{#problem}}<div class="problem-box" role="alert" id="problems" tabindex="-1" autofocus><p><a href="#{{problemField}}">{{problem}}</a></p></div>{{/problem}}
    <p><label for="held">Day held (YYYY-MM-DD)</label><br><input id="held" name="held" type="date" required value="{{held}}"{{#invalidHeld}} aria-invalid="true" aria-describedby="problems"{{/invalidHeld}}></p>
    <fieldset id="areas"{{#invalidAreas}} aria-invalid="true" aria-describedby="problems"{{/invalidAreas}}>
    <legend>Development areas discussed</legend>
    {{#areaChoices}}<p><input type="checkbox" id="area-{{index}}" name="area" value="{{id}}"{{#checked}} checked{{/checked}}> <label for="area-{{index}}">{{prompt}} ({{id}})</label></p>{{/areaChoices}}
    {{^areaChoices}}<p>The plan has no development areas yet.</p>{{/areaChoices}}
    </fieldset>
    <p><label for="actions">Actions agreed</label><br><textarea id="actions" name="actions" rows="4" maxlength="2000" required{{#invalidActions}} aria-invalid="true" aria-describedby="problems"{{/invalidActions}}>{{actions}}</textarea></p>
    <p><label for="target">SMART target (what, how much, by when)</label><br><textarea id="target" name="target" rows="2" maxlength="2000" required{{#invalidTarget}} aria-invalid="true" aria-describedby="problems"{{/invalidTarget}}>{{target}}</textarea></p>
    <p><label for="followUp">Follow-up day (YYYY-MM-DD)</label><br><input id="followUp" name="followUp" type="date" required value="{{followUpOn}}"{{#invalidFollowUp}} aria-invalid="true" aria-describedby="problems"{{/invalidFollowUp}}></p>
    <p><button type="submit">Record the one-to-one</button></p>
    </fieldset>
    </form>
    {{/canRecord}}
    </section>
    """
}
