import Hummingbird
import Workbench
import Workspace

/// The administrator erases a person who has left (from the accounts page): `POST /accounts/erase` with the
/// person's id and a confirmation; the outcome is shown on the accounts page. The same erasure as
/// `qa privacy erase` (docs/privacy.md).
struct PrivacyRoutes {
    let app: WorkbenchApp

    /// Why an erasure was refused, as the accounts page's `erase-refused` parameter.
    enum Refusal: String {
        case confirm, unknown, pseudonym, audit, own

        var words: String {
            switch self {
            case .confirm: return "Nothing was erased: tick the box to confirm that the erasure cannot be undone."
            case .unknown: return "Nothing was erased: nobody with that id is in this workspace. Check the spelling."
            case .pseudonym: return "Nothing was erased: that id is already a pseudonym (the person was erased before)."
            case .audit: return "Nothing was erased: the audit log is already broken, and an erasure would hide that. "
                + "Ask whoever looks after the workspace to run qa audit verify."
            case .own: return "Nothing was erased: you cannot erase yourself."
            }
        }
    }

    func add(to router: Router<AppContext>) {
        router.post("/accounts/erase") { request, context in
            let signedIn = try context.person()
            let form = try await FormBody.read(request, context: context)
            try checkCSRF(form, signedIn)
            guard AccessPolicy.may(signedIn.account.role, .manageAccounts) else { return Page.notFound(context) }
            let person = (form["person"] ?? "").trimmingCharacters(in: .whitespaces)
            guard form["confirm"] == "yes" else { return Page.seeOther("/accounts?erase-refused=\(Refusal.confirm.rawValue)") }
            guard !person.isEmpty else { return Page.seeOther("/accounts?erase-refused=\(Refusal.unknown.rawValue)") }
            guard person != signedIn.account.username, person != signedIn.account.personKey else {
                return Page.seeOther("/accounts?erase-refused=\(Refusal.own.rawValue)")
            }
            do {
                let pseudonym = try await app.pool.run { workspace in
                    try Erasure.erase(person, in: workspace.acting(as: signedIn.account.username)).0.pseudonym
                }
                return Page.seeOther("/accounts?erased=\(Show.pathSegment(pseudonym))")
            } catch let error as ErasureError {
                let refusal: Refusal
                switch error {
                case .unknownPerson: refusal = .unknown
                case .alreadyPseudonym: refusal = .pseudonym
                case .auditLogBroken: refusal = .audit
                }
                return Page.seeOther("/accounts?erase-refused=\(refusal.rawValue)")
            }
        }
    }
}
