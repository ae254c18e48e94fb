/// The notifications page (see `NotificationRoutes`).
extension PageTemplates {
    static let notifications = """
    <h1>Notifications</h1>
    <p>{{unreadText}}</p>
    {{#none}}<p>Nothing yet. You are told here when calls are assigned to you, when an evaluation is released to you, about disputes and calibration sessions.</p>{{/none}}
    {{^none}}
    {{#unread}}<form method="post" action="/notifications/read"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Mark all as read</button></form>{{/unread}}
    <table aria-labelledby="notes-h"><caption id="notes-h">Newest first</caption>
    <thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Message</th><th scope="col">Read</th></tr></thead>
    <tbody>{{#items}}<tr><td>{{when}}</td><td>{{what}}</td><td>{{#link}}<a href="{{link}}">{{message}}</a>{{/link}}{{^link}}{{message}}{{/link}}</td><td>{{#unread}}<strong>new</strong>{{/unread}}{{^unread}}read{{/unread}}</td></tr>{{/items}}</tbody></table>
    {{/none}}
    """
}
