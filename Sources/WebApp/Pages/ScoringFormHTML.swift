import TextEscaping

/// Markup built in Swift, escaping by default: literal markup can only be a `StaticString` written in this
/// source; every other value goes through `Escaping.html`. For the hottest part of the hottest page only.
struct HTMLBuilder {
    private(set) var html = ""

    init(capacity: Int) { html.reserveCapacity(capacity) }

    /// Markup written in the source.
    mutating func raw(_ markup: StaticString) {
        markup.withUTF8Buffer { html += String(decoding: $0, as: UTF8.self) }
    }

    /// A value, escaped.
    mutating func text(_ value: String) { html += Escaping.html(value) }

    /// Markup already built by this type's rules (the answer options of `ScoringRoutes.optionsHTML`).
    mutating func built(_ markup: String) { html += markup }
}

/// The scoring form's sections and questions as HTML: the same markup the page template had, built from the
/// same figures (`ScoringRoutes.formPage`). Rendering it through the template engine was most of the form page's
/// CPU (about 70 questions' worth of lookups, each a chain of dynamic casts; measured with perf under load),
/// and the page is the one every assessor opens for every call.
enum ScoringFormHTML {
    static func sections(_ sections: [[String: Any]]) -> String {
        var out = HTMLBuilder(capacity: 24_000)
        for section in sections {
            let id = section["id"] as? String ?? ""
            out.raw("<section class=\"form-section")
            if section["applies"] as? Bool != true { out.raw(" inapplicable") }
            out.raw("\" id=\"s-"); out.text(id)
            out.raw("\" data-section=\""); out.text(id)
            out.raw("\" aria-labelledby=\"sh-"); out.text(id); out.raw("\">\n")
            out.raw("<h2 id=\"sh-"); out.text(id); out.raw("\">"); out.text(section["title"] as? String ?? ""); out.raw("</h2>\n")
            if let condition = section["condition"] as? String {
                out.raw("<p class=\"condition\">This section counts only when "); out.text(condition); out.raw(".</p>\n")
            }
            if let problem = section["sectionProblem"] as? String {
                out.raw("<p class=\"problem\" id=\"p-section-"); out.text(id); out.raw("\">"); out.text(problem); out.raw("</p>\n")
            }
            if section["allowsNA"] as? Bool == true {
                out.raw("<p><label><input type=\"checkbox\" name=\"section-na."); out.text(id); out.raw("\" value=\"on\" ")
                if section["markedNA"] as? Bool == true { out.raw("checked") }
                out.raw("> This whole section does not apply to this call (N/A)</label></p>\n")
            }
            for criterion in section["criteria"] as? [[String: Any]] ?? [] {
                question(criterion, &out)
            }
            out.raw("</section>\n")
        }
        return out.html
    }

    private static func question(_ item: [String: Any], _ out: inout HTMLBuilder) {
        let id = item["id"] as? String ?? ""
        let problem = item["problem"] as? String
        out.raw("<fieldset class=\"criterion")
        if item["applies"] as? Bool != true { out.raw(" inapplicable") }
        if problem != nil { out.raw(" has-problem") }
        out.raw("\" id=\"q-"); out.text(id); out.raw("\" data-criterion=\""); out.text(id); out.raw("\"")
        if problem != nil { out.raw(" aria-describedby=\"p-"); out.text(id); out.raw("\"") }
        out.raw(">\n<legend>"); out.text(item["prompt"] as? String ?? "")
        if item["critical"] as? Bool == true { out.raw(" <span class=\"badge critical\">Critical</span>") }
        if item["optional"] as? Bool == true { out.raw(" <span class=\"badge\">Does not count towards the score</span>") }
        out.raw("</legend>\n")
        if let problem {
            out.raw("<p class=\"problem\" id=\"p-"); out.text(id); out.raw("\"><strong>Needs attention:</strong> ")
            out.text(problem); out.raw("</p>\n")
        }
        let condition = item["condition"] as? String
        if item["notApplying"] as? Bool == true {
            out.raw("<p class=\"condition\">Does not apply with the answers so far (it applies only when ")
            out.text(condition ?? ""); out.raw(").</p>\n")
        } else if let condition {
            out.raw("<p class=\"condition\">Asked because "); out.text(condition); out.raw(".</p>\n")
        }
        if let guidance = item["guidance"] as? String {
            out.raw("<details><summary>Guidance</summary><p>"); out.text(guidance); out.raw("</p></details>\n")
        }
        if let critical = item["criticalText"] as? String {
            out.raw("<p class=\"critical-note\">Critical item: "); out.text(critical); out.raw(".</p>\n")
        }
        if let choices = item["choices"] as? [String: Any] {
            out.raw("<fieldset class=\"choices")
            if choices["long"] as? Bool == true { out.raw(" long") }
            out.raw("\"><legend class=\"visually-hidden\">Answer</legend>")
            out.built(choices["optionsHTML"] as? String ?? "")
            out.raw("</fieldset>\n")
        }
        if let number = item["numberInput"] as? [String: Any] {
            let name = number["criterion"] as? String ?? ""
            out.raw("<p><label for=\"n-"); out.text(name); out.raw("\">"); out.text(number["label"] as? String ?? "")
            out.raw("</label> <input id=\"n-"); out.text(name); out.raw("\" name=\"answer."); out.text(name)
            out.raw("\" inputmode=\"decimal\" value=\""); out.text(number["value"] as? String ?? ""); out.raw("\">")
            if number["allowsNA"] as? Bool == true {
                out.raw(" <label class=\"choice\"><input type=\"checkbox\" name=\"answer."); out.text(name)
                out.raw("\" value=\"na\" ")
                if number["isNA"] as? Bool == true { out.raw("checked") }
                out.raw("> N/A</label>")
            }
            out.raw("</p>\n")
        }
        out.raw("<p class=\"comment\"><label for=\"c-"); out.text(id); out.raw("\">Comment")
        if let rule = item["commentRule"] as? String { out.raw(" (required for "); out.text(rule); out.raw(")") }
        out.raw("</label><br>\n<textarea id=\"c-"); out.text(id); out.raw("\" name=\"comment."); out.text(id)
        out.raw("\" rows=\"2\">"); out.text(item["comment"] as? String ?? ""); out.raw("</textarea></p>\n</fieldset>\n")
    }
}
