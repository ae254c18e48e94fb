import Hummingbird
import Workbench
import Workspace

/// Each person's notifications inside the app (assigned, due, released, disputed, resolved, calibration): the
/// list, newest first, and "mark all as read". Everyone signed in sees their own list and nobody else's.
struct NotificationRoutes {
    let app: WorkbenchApp

    func add(to router: Router<AppContext>) {
        router.get("/notifications") { _, context in
            let signedIn = try context.person()
            let username = signedIn.account.username
            let (items, unread) = try await app.pool.run { workspace in
                // Only those whose time has come: a release scheduled for a later day is announced from that day.
                let now = workspace.now()
                let account = signedIn.account
                if account.role == .assessor || account.role == .qaLead {
                    // Reminders of work coming due, made when the list is read (the workbench has no clock).
                    _ = try workspace.change { session in
                        try Notifications.remindDue(personID: account.personID, recipient: username, now: now, session)
                    }
                }
                return try workspace.database.read { session in
                    (try Notifications.list(for: username, now: now, session),
                     try Notifications.unreadCount(for: username, now: now, session))
                }
            }
            return Page.render("notifications", title: "Notifications", context: context, data: [
                "csrf": signedIn.csrfToken, "none": items.isEmpty, "unread": unread,
                "unreadText": unread == 0 ? "Nothing unread." : unread == 1 ? "1 unread." : "\(unread) unread.",
                "items": items.map { item -> [String: Any] in
                    var entry: [String: Any] = ["when": Self.when(item.createdAt), "what": Self.kindWords(item.kind),
                                                "message": item.message, "unread": item.readAt == nil]
                    // Only links inside this workbench (a path), never elsewhere.
                    if let link = item.link, link.hasPrefix("/"), !link.hasPrefix("//") { entry["link"] = link }
                    return entry
                },
            ])
        }
        router.post("/notifications/read") { request, context in
            let signedIn = try context.person()
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            try await app.pool.run { workspace in
                try workspace.change { session in
                    try Notifications.markAllRead(for: signedIn.account.username, at: workspace.now(), session)
                }
            }
            return Page.seeOther("/notifications")
        }
    }

    /// The kind in words, so the list does not rely on colour or icons.
    static func kindWords(_ kind: AppNotification.Kind) -> String {
        switch kind {
        case .assigned: return "Assigned"
        case .due: return "Due"
        case .released: return "Released"
        case .disputed: return "Disputed"
        case .resolved: return "Resolved"
        case .calibration: return "Calibration"
        case .coaching: return "Coaching"
        }
    }

    /// A stored timestamp as a person reads it: `2026-12-06 14:05 UTC`.
    static func when(_ stamp: String) -> String {
        guard stamp.count >= 16 else { return stamp }
        let date = stamp.prefix(10)
        let time = stamp.dropFirst(11).prefix(5)
        return "\(date) \(time) UTC"
    }
}
