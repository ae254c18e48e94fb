/// The release, acknowledgement and dispute pages (see `DisputeRoutes`).
extension PageTemplates {
    static let disputePages: [(String, String)] = [
        ("dispute-form", disputeForm), ("disputes", disputes), ("dispute", dispute), ("dispute-report", disputeReport),
        ("dispute-rules", disputeRules), ("evaluation-workflow", evaluationWorkflow),
    ]

    /// The part of the evaluation page about where it stands and what the person may do.
    static let evaluationWorkflow = """
    <section aria-labelledby="workflow-h" class="workflow">
    <h2 id="workflow-h">Where this evaluation stands</h2>
    <p id="workflow-state">{{workflowState}}</p>
    {{#workflowDisputes}}<ul>{{#items}}<li><a href="/disputes/{{id}}">Dispute {{id}}</a>: {{words}}</li>{{/items}}</ul>{{/workflowDisputes}}
    {{#releaseForm}}
    <form method="post" action="/evaluations/{{path}}/release" class="inline-form">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <fieldset class="inline"><legend>Release to the agent</legend>
    <label for="release-on">On a day (leave empty for now)</label> <input id="release-on" name="on" type="date" value="{{scheduledDay}}">
    <button type="submit">{{#scheduledDay}}Change the release day{{/scheduledDay}}{{^scheduledDay}}Release{{/scheduledDay}}</button>
    </fieldset>
    </form>
    {{#scheduledDay}}<form method="post" action="/evaluations/{{path}}/cancel-release"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Cancel the scheduled release</button></form>{{/scheduledDay}}
    {{/releaseForm}}
    {{#acknowledgeForm}}<form method="post" action="/evaluations/{{path}}/acknowledge"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="primary">Acknowledge this evaluation</button></form>{{/acknowledgeForm}}
    {{#disputeLink}}<p><a href="/evaluations/{{path}}/dispute">Dispute this evaluation</a></p>{{/disputeLink}}
    {{#disputeRefusal}}<p class="meta">{{disputeRefusal}}</p>{{/disputeRefusal}}
    </section>
    """

    static let disputeForm = """
    <h1>Dispute the evaluation of call {{call}}</h1>
    <p><a href="/evaluations/{{path}}">Back to the evaluation</a></p>
    <p>You can dispute answers of this evaluation until {{closes}} ({{window}} days after it was released to you), {{limit}}. Tick each answer you dispute and say why, with the answer you think is right; or dispute the whole evaluation. The arbitrator decides each point and gives a reason; any change becomes a new revision of the evaluation, and the original stays in its history.</p>
    {{#refusal}}<div class="problem-box" role="alert" id="problems" tabindex="-1"><p>{{refusal}}</p></div>{{/refusal}}
    {{^refusal}}
    {{#problemCount}}
    <div class="problem-box" role="alert" id="problems" tabindex="-1">
    <h2>{{problemCount}} to put right before the dispute can be raised</h2>
    <ul>{{#problems}}<li><a href="#{{anchor}}">{{question}}: {{message}}</a></li>{{/problems}}</ul>
    </div>
    {{/problemCount}}
    <form method="post" action="/evaluations/{{path}}/dispute" novalidate>
    <input type="hidden" name="csrf" value="{{csrf}}">
    <fieldset id="q-whole" class="criterion{{#wholeProblem}} has-problem{{/wholeProblem}}" {{#wholeProblem}}aria-describedby="p-whole"{{/wholeProblem}}><legend>The whole evaluation</legend>
    {{#wholeProblem}}<p class="problem" id="p-whole"><strong>Needs attention:</strong> {{wholeProblem}}</p>{{/wholeProblem}}
    <p><label class="choice"><input type="checkbox" name="whole" value="yes" id="whole" {{#whole}}checked{{/whole}}> I dispute the whole evaluation</label></p>
    <p><label for="c-whole">Why you dispute the whole evaluation (required when ticked)</label><br><textarea id="c-whole" name="comment.whole" rows="3">{{wholeComment}}</textarea></p>
    </fieldset>
    <h2>Or the answers you dispute</h2>
    {{#questions}}
    <fieldset class="criterion{{#problem}} has-problem{{/problem}}" id="q-{{id}}" {{#problem}}aria-describedby="p-{{id}}"{{/problem}}>
    <legend>{{prompt}}</legend>
    {{#problem}}<p class="problem" id="p-{{id}}"><strong>Needs attention:</strong> {{problem}}</p>{{/problem}}
    <p>The answer given: <strong>{{current}}</strong></p>
    <p><label class="choice"><input type="checkbox" name="dispute.{{id}}" value="yes" id="d-{{id}}" {{#checked}}checked{{/checked}}> I dispute this answer</label></p>
    <p><label for="a-{{id}}">The answer you propose</label><br><input id="a-{{id}}" name="proposed.{{id}}" value="{{proposed}}" aria-describedby="h-{{id}}"></p>
    <p class="meta" id="h-{{id}}">Accepted answers: {{accepted}}</p>
    <p><label for="c-{{id}}">Why you dispute it (required when ticked)</label><br><textarea id="c-{{id}}" name="comment.{{id}}" rows="2">{{comment}}</textarea></p>
    </fieldset>
    {{/questions}}
    <p><button type="submit" class="primary">Raise the dispute</button></p>
    </form>
    {{/refusal}}
    """

    static let disputes = """
    <h1>Disputes</h1>
    {{#lead}}<p><a href="/dispute-report">What the disputes teach: the dispute report</a></p>{{/lead}}
    {{#none}}<p>{{empty}}</p>{{/none}}
    {{^none}}
    <table><caption>{{caption}}</caption>
    <thead><tr><th scope="col">Dispute</th><th scope="col">Call</th><th scope="col">Agent</th><th scope="col">Assessor</th><th scope="col">Raised</th><th scope="col">Arbitrator</th><th scope="col">Where it stands</th></tr></thead>
    <tbody>{{#items}}<tr><td><a href="/disputes/{{id}}">Dispute {{id}}</a></td><td>{{call}}</td><td>{{agent}}</td><td>{{assessor}}</td><td>{{raised}}</td><td>{{arbitrator}}</td><td>{{words}}</td></tr>{{/items}}</tbody></table>
    {{/none}}
    """

    static let dispute = """
    <h1>Dispute {{id}}: evaluation of call {{call}}</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    <p class="meta">Agent <strong>{{agent}}</strong>{{#team}}, team {{team}}{{/team}} · assessed by {{assessor}} · raised by {{raisedBy}} on {{raised}} against revision {{revision}} · <a href="/evaluations/{{path}}">the evaluation</a></p>
    <p><strong>Where it stands:</strong> <span id="dispute-state">{{words}}</span>{{#resolutionRevision}} · the answers were revised in revision {{resolutionRevision}}{{/resolutionRevision}}</p>
    {{#assignForm}}
    <form method="post" action="/disputes/{{id}}/assign" class="inline-form">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <fieldset class="inline"><legend>Arbitrator</legend>
    <label for="arbitrator">Who decides this dispute</label> <select id="arbitrator" name="arbitrator">{{#arbitrators}}<option value="{{name}}"{{#current}} selected{{/current}}>{{name}}</option>{{/arbitrators}}</select>
    <button type="submit">Assign</button>
    </fieldset>
    </form>
    {{/assignForm}}
    {{#reviewForm}}<form method="post" action="/disputes/{{id}}/review"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Start the review</button></form>{{/reviewForm}}
    <h2 id="items-h">What is disputed</h2>
    <table aria-labelledby="items-h"><thead><tr><th scope="col">Question</th><th scope="col">Answer disputed</th><th scope="col">Proposed</th><th scope="col">The agent's comment</th><th scope="col">Decision</th><th scope="col">Reason</th></tr></thead>
    <tbody>{{#items}}<tr><td>{{question}}</td><td>{{current}}</td><td>{{proposed}}</td><td>{{comment}}</td><td>{{outcome}}</td><td>{{reason}}</td></tr>{{/items}}</tbody></table>
    {{#decideForm}}
    <h2 id="decide-h">Your decision</h2>
    {{#problemCount}}
    <div class="problem-box" role="alert" id="problems" tabindex="-1">
    <h3>{{problemCount}} to put right before the decision can be recorded</h3>
    <ul>{{#problems}}<li><a href="#{{anchor}}">{{question}}: {{message}}</a></li>{{/problems}}</ul>
    </div>
    {{/problemCount}}
    <form method="post" action="/disputes/{{id}}/decide" novalidate>
    <input type="hidden" name="csrf" value="{{csrf}}">
    {{#whole}}<p>The agent disputes the whole evaluation. Keep each answer, or revise the ones that were wrong (each with a reason), and give the reason for your decision as a whole.</p>{{/whole}}
    {{#decisions}}
    <fieldset class="criterion{{#problem}} has-problem{{/problem}}" id="q-{{criterion}}" {{#problem}}aria-describedby="p-{{criterion}}"{{/problem}}>
    <legend>{{question}}</legend>
    {{#problem}}<p class="problem" id="p-{{criterion}}"><strong>Needs attention:</strong> {{problem}}</p>{{/problem}}
    <p>The answer given: <strong>{{current}}</strong>{{#proposed}} · proposed: <strong>{{proposed}}</strong>{{/proposed}}</p>
    <fieldset class="choices"><legend class="visually-hidden">Decision on {{question}}</legend>
    <label class="choice"><input type="radio" name="decision.{{criterion}}" value="upheld" {{#upheld}}checked{{/upheld}}> Uphold the answer</label>
    <label class="choice"><input type="radio" name="decision.{{criterion}}" value="revised" {{#revised}}checked{{/revised}}> Revise it</label>
    </fieldset>
    <p><label for="n-{{criterion}}">The new answer (when revised)</label><br><input id="n-{{criterion}}" name="answer.{{criterion}}" value="{{answer}}" aria-describedby="h-{{criterion}}"></p>
    <p class="meta" id="h-{{criterion}}">Accepted answers: {{accepted}}</p>
    <p><label for="r-{{criterion}}">Reason{{^whole}} (required){{/whole}}{{#whole}} (required when revised){{/whole}}</label><br><textarea id="r-{{criterion}}" name="reason.{{criterion}}" rows="2">{{reason}}</textarea></p>
    </fieldset>
    {{/decisions}}
    {{#whole}}<p id="q-whole"><label for="r-whole">The reason for your decision on the whole evaluation (required)</label><br><textarea id="r-whole" name="reason.whole" rows="3">{{wholeReason}}</textarea></p>{{/whole}}
    <p><button type="submit" class="primary">Record the decision</button></p>
    </form>
    {{/decideForm}}
    """

    static let disputeReport = """
    <h1>What the disputes teach</h1>
    <form method="get" action="/dispute-report" class="inline-form">
    <fieldset class="inline"><legend>Disputes raised in a period</legend>
    <label for="from">From</label> <input id="from" name="from" type="date" value="{{from}}">
    <label for="to">To</label> <input id="to" name="to" type="date" value="{{to}}">
    <button type="submit">Show</button>
    </fieldset>
    </form>
    {{#problem}}<div class="problem-box" role="alert" id="problems" tabindex="-1"><p>{{problem}}</p></div>{{/problem}}
    <p>{{raisedText}} raised{{#period}} {{period}}{{/period}}: {{resolved}} resolved, {{open}} still open; {{overturned}} overturned (the answers revised in whole or in part). Overturn rates are over the resolved disputes.</p>
    <h2 id="times-h">Resolution times</h2>
    <p id="times">{{#median}}From raised to resolved: median {{median}}, longest {{longest}} (<a href="/disputes/{{longestID}}">dispute {{longestID}}</a>).{{/median}}{{^median}}No dispute of the period is resolved yet.{{/median}}</p>
    <h2 id="assessors-h">By assessor</h2>
    <p>Whose answers the disputes were about: a high overturn rate is a signal for the next calibration session.</p>
    {{#hasAssessors}}<table aria-labelledby="assessors-h"><thead><tr><th scope="col">Assessor</th><th scope="col">Disputes raised</th><th scope="col">Resolved</th><th scope="col">Overturned</th><th scope="col">Overturn rate</th><th scope="col">Criteria overturned</th></tr></thead>
    <tbody>{{#assessors}}<tr><th scope="row">{{assessor}}</th><td class="num">{{raised}}</td><td class="num">{{resolved}}</td><td class="num">{{overturned}}</td><td class="num">{{rate}}</td><td class="num">{{criteria}}</td></tr>{{/assessors}}</tbody></table>{{/hasAssessors}}
    {{^hasAssessors}}<p>No disputes in this period.</p>{{/hasAssessors}}
    <h2 id="criteria-h">By criterion</h2>
    {{#hasCriteria}}<table aria-labelledby="criteria-h"><thead><tr><th scope="col">Form</th><th scope="col">Question</th><th scope="col">Times disputed</th><th scope="col">Decided</th><th scope="col">Overturned</th><th scope="col">Overturn rate</th></tr></thead>
    <tbody>{{#criteria}}<tr><td>{{form}}</td><th scope="row">{{prompt}}</th><td class="num">{{disputed}}</td><td class="num">{{decided}}</td><td class="num">{{overturned}}</td><td class="num">{{rate}}</td></tr>{{/criteria}}</tbody></table>{{/hasCriteria}}
    {{^hasCriteria}}<p>No criterion was disputed in this period.</p>{{/hasCriteria}}
    """

    static let disputeRules = """
    <h1>Dispute rules: {{title}}</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#problem}}<div class="problem-box" role="alert" id="problems" tabindex="-1"><p>{{problem}}</p></div>{{/problem}}
    <p>These rules hold for every version of the form <strong>{{scorecard}}</strong>. Now: disputes are taken for {{window}} days after release, {{limit}} per evaluation, and the arbitrator is {{arbitratorWords}}.</p>
    <form method="post" action="/dispute-rules/{{path}}" class="narrow">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <p><label for="window">Dispute window: days after release (0 to {{maxWindow}}; 0 takes no disputes)</label><br><input id="window" name="window" inputmode="numeric" value="{{window}}"></p>
    <p><label for="limit">Disputes per evaluation (0 to {{maxLimit}})</label><br><input id="limit" name="limit" inputmode="numeric" value="{{limit}}"></p>
    <fieldset><legend>Who arbitrates a new dispute</legend>
    <label class="choice"><input type="radio" name="arbitrator" value="assessor" {{#isAssessor}}checked{{/isAssessor}}> The assessor who scored the evaluation</label>
    <label class="choice"><input type="radio" name="arbitrator" value="unassigned" {{#isUnassigned}}checked{{/isUnassigned}}> Nobody at first: a QA lead takes or assigns each dispute</label>
    {{#leads}}<label class="choice"><input type="radio" name="arbitrator" value="lead:{{name}}" {{#current}}checked{{/current}}> The QA lead {{name}}</label>{{/leads}}
    </fieldset>
    <p><button type="submit" class="primary">Save the rules</button></p>
    </form>
    """
}
