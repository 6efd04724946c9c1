import KaartenbakCore

/// Finds who a job is open to in its title and description: the inclusive-work signals, each with the words
/// that show it (docs/signals.md gives the rules and their evaluation).
///
/// The rules read meaning, not scores: a signal's words must be about this job (not the organisation's
/// mission, not a staff job about the scheme), not negated within their clause ("BBL niet mogelijk"), not
/// ruled out elsewhere in the ad ("deeltijd is niet bespreekbaar"), and a "not needed" must not be undone by
/// a requirement of the same kind ("geen ervaring met Exact nodig, maar wel twee jaar als boekhouder"). The
/// conventions are those of the labelled set in fixtures/eval/signals (its README).
public struct SignalScanner: Sendable {
    let lexicon: Lexicon

    public init() { lexicon = .shared }

    /// The signals of an ad's title and description, in `SignalKind` order; the evidence says where each was found.
    public func scan(title: String?, description: String?) -> [WorkSignal] {
        scan(title: title, description: description, hoursMin: nil, hoursMax: nil, schedule: nil)
    }

    /// The signals of one text (the labelled set's rows).
    public func scan(_ text: String) -> [WorkSignal] {
        text.isEmpty ? [] : signals(SignalText(text, lexicon: lexicon), where: { _ in "text" }).signals
    }

    /// The signals of an ad's text, and what the vacancy's own fields say about hours: a schedule of part-time,
    /// or hours starting below 35 a week (the CBS part-time line), unless the text rules part-time out.
    public func scan(title: String?, description: String?, hoursMin: Double?, hoursMax: Double?, schedule: String?) -> [WorkSignal] {
        var text = title ?? ""
        let titleEnd = text.utf8.count
        if let description, !description.isEmpty {
            text += text.isEmpty ? description : "\n" + description
        }
        var evidence: String?
        if schedule == "parttime" {
            evidence = "schedule field: parttime"
        } else if let low = hoursMin ?? hoursMax, low > 0, low < 35 {
            let high = hoursMax.map { $0 == low ? "" : "-\(Self.number($0))" } ?? ""
            evidence = "hours field: \(Self.number(low))\(high) a week, below 35"
        }
        guard !text.isEmpty else { return evidence.map { [WorkSignal(.flexibleHours, evidence: $0)] } ?? [] }
        var (signals, rules) = self.signals(SignalText(text, lexicon: lexicon), where: { $0 < titleEnd ? "title" : "description" })
        if let evidence, !signals.contains(where: { $0.signal == .flexibleHours }), rules.partTimeRuledOut() == nil {
            signals.append(WorkSignal(.flexibleHours, evidence: evidence))
            signals.sort { $0.signal < $1.signal }
        }
        return signals
    }

    static func number(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }

    /// Every rule over one text, once: the text is read once whatever the fields add.
    private func signals(_ document: SignalText, where place: (Int) -> String) -> (signals: [WorkSignal], rules: Rules) {
        let rules = Rules(document)
        var signals: [WorkSignal] = []
        func add(_ kind: SignalKind, _ found: Rules.Found?) {
            guard let found else { return }
            signals.append(WorkSignal(kind, evidence: "\(place(found.bytes.lowerBound)): '\(document.excerpt(found.bytes))'\(found.why.map { " (\($0))" } ?? "")"))
        }
        add(.participation, rules.participation())
        add(.learnWhileWorking, rules.learnWhileWorking())
        add(.noDiploma, rules.noDiploma())
        add(.noExperience, rules.noExperience())
        add(.flexibleHours, rules.flexibleHours())
        add(.dutchNotRequired, rules.dutchNotRequired())
        return (signals, rules)
    }
}
