import Foundation
import QAModel
import SafeXML

/// Loads a scorecard template: safe XML parsing, XSD validation, mapping into `Scorecard`, semantic checks.
/// Every problem found in the file is reported at once.
public enum ScorecardLoader {
    /// Most diagnostics kept and printed for one template; the rest are counted (`ScorecardLoadResult.omitted`).
    public static let maxDiagnostics = 100

    /// Reads and loads the template at `path`; throws only when the file cannot be read.
    public static func load(path: String, policy: XMLParsePolicy = .standard) throws(ScorecardFileError)
        -> ScorecardLoadResult
    {
        let url = URL(fileURLWithPath: path)
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > policy.maxBytes {
            let message = "the file is \(size) bytes, over the \(policy.maxBytes)-byte limit for a template; "
                + "split it or remove unused content"
            return ScorecardLoadResult(scorecard: nil, diagnostics: [Diagnostic(
                path: path, position: SourcePosition(line: 1, column: 1), severity: .error, message: message,
                rule: "xml")])
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied or not a regular file"
                : "no such file"
            throw ScorecardFileError(path: path, reason: reason)
        }
        return load(data: data, path: path, policy: policy)
    }

    /// Loads a template held in memory; `path` is used in diagnostics.
    public static func load(data: Data, path: String, policy: XMLParsePolicy = .standard) -> ScorecardLoadResult {
        load(bytes: [UInt8](data), path: path, policy: policy)
    }

    /// Loads a template held in memory; `path` is used in diagnostics.
    public static func load(bytes: [UInt8], path: String, policy: XMLParsePolicy = .standard) -> ScorecardLoadResult {
        func diagnostic(_ problem: XMLProblem) -> Diagnostic {
            Diagnostic(
                path: path, position: SourcePosition(line: problem.position.line, column: problem.position.column),
                severity: .error,
                message: problem.kind == .schema ? SchemaMessages.reword(problem.message) : problem.message,
                rule: problem.kind == .schema ? "schema" : "xml")
        }
        let schema: XMLSchema
        do {
            schema = try XMLSchema(trustedXSD: EmbeddedSchema.xsd)
        } catch {
            return ScorecardLoadResult(scorecard: nil, diagnostics: [Diagnostic(
                path: path, position: SourcePosition(line: 1, column: 1), severity: .error,
                message: "internal error: the built-in schema does not compile (\(error.messages.joined(separator: "; ")))",
                rule: "schema")])
        }
        var xmlPolicy = policy
        xmlPolicy.maxProblems = min(policy.maxProblems, maxDiagnostics)
        let parsed = SafeXMLParser(policy: xmlPolicy).parse(bytes, validatingWith: schema)
        guard let root = parsed.root else {
            return ScorecardLoadResult(
                scorecard: nil, diagnostics: parsed.problems.map(diagnostic), omitted: parsed.omittedProblems)
        }
        if let wrongRoot = rootProblem(root) {
            return ScorecardLoadResult(scorecard: nil, diagnostics: [Diagnostic(
                path: path, position: SourcePosition(line: root.position.line, column: root.position.column),
                severity: .error, message: wrongRoot, rule: "format-version")])
        }
        if !parsed.problems.isEmpty {
            let sorted = parsed.problems.enumerated().sorted {
                ($0.element.position.line, $0.element.position.column, $0.offset)
                    < ($1.element.position.line, $1.element.position.column, $1.offset)
            }
            return ScorecardLoadResult(
                scorecard: nil, diagnostics: sorted.map { diagnostic($0.element) }, omitted: parsed.omittedProblems)
        }
        var builder = ScorecardBuilder()
        let scorecard = builder.build(root)
        var findings = builder.findings
        let sourceMap = SourceMap(
            root: position(root), passMark: root.child("pass-mark").map(position) ?? position(root),
            deductionStart: root.child("deduction-start").map(position))
        for check in ScorecardChecks.all {
            findings.append(contentsOf: check.findings(in: scorecard, sourceMap: sourceMap).map {
                var finding = $0
                finding.rule = check.rule
                return finding
            })
        }
        // By position, errors before warnings, then in check order (explicit, so the output never varies).
        let diagnostics = findings.enumerated()
            .sorted {
                ($0.element.position, $0.element.severity == .error ? 0 : 1, $0.offset)
                    < ($1.element.position, $1.element.severity == .error ? 0 : 1, $1.offset)
            }
            .prefix(maxDiagnostics)
            .map(\.element)
            .map { Diagnostic(path: path, position: $0.position, severity: $0.severity, message: $0.message, rule: $0.rule) }
        return ScorecardLoadResult(
            scorecard: findings.contains { $0.severity == .error } ? nil : scorecard, diagnostics: diagnostics,
            omitted: findings.count - diagnostics.count)
    }

    static func rootProblem(_ root: XMLElement) -> String? {
        let expected = EmbeddedSchema.namespace
        if root.name == "scorecard", root.namespace == expected { return nil }
        let prefix = "urn:qa-workbench:scorecard:"
        if root.name == "scorecard", let namespace = root.namespace, namespace.hasPrefix(prefix) {
            let version = namespace.dropFirst(prefix.count)
            return "this template is in format version \(version) (xmlns=\"\(namespace)\"); this tool reads "
                + "version 1: use xmlns=\"\(expected)\" or a newer qa tool"
        }
        let found = root.namespace.map { " in namespace \"\($0)\"" } ?? " without a namespace"
        return "this is not a scorecard template: found <\(root.name)>\(found); a template starts with "
            + "<scorecard xmlns=\"\(expected)\" …>"
    }
}
