import Foundation
import KaartenbakCore

/// Codings of ad titles that did not depend on the rest of the ad, shared by the threads of a run.
///
/// Ad titles repeat heavily across a night (the same "Magazijnmedewerker" from hundreds of
/// employers and agencies), and most are decided by the title alone: cleaning, matching, the
/// spelling correction and the ESCO checks give the same answer every time. The classifier says
/// when it read the description or employer (an ambiguous head, an override with evidence); those
/// codings are never kept, so a cached answer is exactly what `classify` would have said.
public final class TitleCodingCache: @unchecked Sendable {
    // @unchecked: `entries` is only touched under `lock`.
    public typealias Coded = (normalisedTitle: String, coding: OccupationCoding)
    private let classifier: OccupationClassifier
    private let lock = NSLock()
    private var entries: [Key: OccupationCoding] = [:]
    /// The same answers by the title as the ad gave it, before cleaning: most titles recur word for
    /// word, and cleaning them again (and hashing the cleaned segments) was a tenth of normalising.
    private var byTitle: [ExactText: Coded] = [:]
    /// Distinct titles kept at most: a feed of unique titles must not grow the cache without bound.
    public let capacity: Int

    public init(classifier: OccupationClassifier, capacity: Int = 200_000) {
        self.classifier = classifier
        self.capacity = capacity
    }

    /// What a coding made without the ad depends on: the cleaned title's text and segments (and,
    /// to be safe, its licences). Titles that differ only in what cleaning removes (gender markers,
    /// hours, places: "Kok (m/v) 32 uur", "Kok in Breda") share one entry.
    struct Key: Hashable {
        var text: ExactText
        var segments: [[String]]
        var licences: [String]
    }

    /// The cleaned title and the coding of `title` in its ad, from the cache when the cleaned title
    /// alone decides it.
    public func code(title: String, description: String?, employer: String?) -> Coded {
        if let hit = lock.withLock({ byTitle[ExactText(title)] }) { return hit }
        let cleaned = TitleCleaner.clean(title)
        let key = Key(text: ExactText(cleaned.text), segments: cleaned.segments, licences: cleaned.licences)
        if let hit = lock.withLock({ entries[key] }) {
            remember(title, (cleaned.text, hit))
            return (cleaned.text, hit)
        }
        let context = OccupationClassifier.AdContext(description: description, employer: employer)
        let coding = classifier.classify(cleaned: cleaned, context: context)
        if !context.wasRead {
            lock.withLock {
                if entries.count < capacity { entries[key] = coding }
            }
            remember(title, (cleaned.text, coding))
        }
        return (cleaned.text, coding)
    }

    /// Keeps a coding made without the ad under its title as given.
    private func remember(_ title: String, _ coded: Coded) {
        lock.withLock {
            if byTitle.count < capacity { byTitle[ExactText(title)] = coded }
        }
    }

    /// Distinct cleaned titles kept.
    public var count: Int { lock.withLock { entries.count } }
}
