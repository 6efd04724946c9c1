/// Scores a pair of records: the sum of evidence points for "same vacancy", or `-infinity` when a
/// hard rule says they are different vacancies (different place, different occupation, a repost).
///
/// Points, roughly as a Fellegi-Sunter match weight: agreement on a telling field adds, disagreement
/// subtracts, missing data adds nothing. So an agency posting that hides the employer can still
/// reach the threshold on occupation, title, place, dates, hours, salary and text.
struct PairScorer: Sendable {
    let settings: DedupeSettings

    static let veto = -Double.infinity

    func score(_ a: RecordFeatures, _ b: RecordFeatures) -> Double {
        if let pa = a.posted, let pb = b.posted, abs(Int(pa) - Int(pb)) > settings.repostGapDays { return Self.veto }
        if isRepostAfterClosing(a, b) || isRepostAfterClosing(b, a) { return Self.veto }
        if a.recordKey == b.recordKey { return 100 } // the same source record listed twice
        guard let placePoints = place(a, b) else { return Self.veto }
        let titleSimilarity = max(TextKeys.jaccard(a.titleWords, b.titleWords), TextKeys.dice(a.titleGrams, b.titleGrams))
        guard let occupationPoints = occupation(a, b, titleSimilarity: titleSimilarity) else { return Self.veto }

        var points = placePoints + occupationPoints
        points += title(titleSimilarity, sameOccupation: occupationPoints > 0)
        points += employer(a, b)
        points += dates(a, b)
        points += ranges(a.hoursMin, a.hoursMax, b.hoursMin, b.hoursMax, tolerance: 0.02, agree: 0.5, disagree: -1.5)
        points += ranges(a.salaryMin, a.salaryMax, b.salaryMin, b.salaryMax, tolerance: 0.05, agree: 1, disagree: -2)
        points += description(a, b)
        if a.url != 0, a.url == b.url { points += 4 }
        if a.sourceHash == b.sourceHash { points -= 2 } // a source rarely lists one vacancy under two ids
        return points
    }

    /// One posting was published after the other had closed (with two weeks' grace): a repost.
    private func isRepostAfterClosing(_ a: RecordFeatures, _ b: RecordFeatures) -> Bool {
        guard let closed = a.closing, let posted = b.posted, let aPosted = a.posted else { return false }
        return posted > closed + 14 && posted > aPosted
    }

    /// Nil: both places known and different, so different vacancies (one job in 30 cities is 30).
    private func place(_ a: RecordFeatures, _ b: RecordFeatures) -> Double? {
        var points = 0.0
        if a.place != 0, b.place != 0 {
            if a.place == b.place { points = 1 } else if a.pc4 == 0 || a.pc4 != b.pc4 { return nil } else { points = 1 }
        } else if a.pc4 != 0, b.pc4 != 0 {
            if a.pc4 != b.pc4 { return nil }
            points = 1
        }
        if a.postcode != 0, a.postcode == b.postcode { points += 1 }
        return points
    }

    /// Nil: the classifier put the two in different ISCO groups and the titles do not look alike.
    private func occupation(_ a: RecordFeatures, _ b: RecordFeatures, titleSimilarity: Double) -> Double? {
        if a.occupation != 0, a.occupation == b.occupation { return 2.5 }
        if a.isco != 0, b.isco != 0 {
            if a.isco == b.isco { return 1.5 }
            return titleSimilarity >= 0.8 ? 0 : nil
        }
        return 0
    }

    private func title(_ similarity: Double, sameOccupation: Bool) -> Double {
        if similarity >= 0.85 { return 3 }
        if similarity >= 0.6 { return 2 }
        if similarity >= 0.4 { return 0.5 }
        return sameOccupation ? 0 : -1
    }

    private func employer(_ a: RecordFeatures, _ b: RecordFeatures) -> Double {
        guard a.employer != 0, b.employer != 0 else { return 0 }
        if a.employer == b.employer { return 3 }
        if TextKeys.dice(a.employerGrams, b.employerGrams) >= 0.8 { return 2.5 } // typos, "Holding" etc.
        // Agencies often name themselves as employer: a difference then says nothing.
        return a.isAgency || b.isAgency ? 0 : -4
    }

    private func dates(_ a: RecordFeatures, _ b: RecordFeatures) -> Double {
        var points = 0.0
        if let pa = a.posted, let pb = b.posted {
            let gap = abs(Int(pa) - Int(pb))
            points += gap <= 7 ? 1 : gap <= 21 ? 0.5 : -1
        }
        if let ca = a.closing, let cb = b.closing {
            let gap = abs(Int(ca) - Int(cb))
            points += gap == 0 ? 1 : gap > 14 ? -0.5 : 0
        }
        return points
    }

    /// Agreement when two [min, max] ranges overlap (with a relative tolerance).
    private func ranges(_ aMin: Float?, _ aMax: Float?, _ bMin: Float?, _ bMax: Float?,
                        tolerance: Float, agree: Double, disagree: Double) -> Double {
        guard let aMin, let aMax, let bMin, let bMax else { return 0 }
        let slack = tolerance * max(aMax, bMax)
        return aMin <= bMax + slack && bMin <= aMax + slack ? agree : disagree
    }

    private func description(_ a: RecordFeatures, _ b: RecordFeatures) -> Double {
        guard !a.minhash.isEmpty, a.minhash.count == b.minhash.count else { return 0 }
        var equal = 0
        for k in a.minhash.indices where a.minhash[k] == b.minhash[k] { equal += 1 }
        let similarity = Double(equal) / Double(a.minhash.count)
        if similarity >= 0.5 { return 3 }
        if similarity >= 0.25 { return 1.5 }
        if similarity >= 0.1 { return 0.5 }
        // Agencies rewrite; two non-agency texts that share nothing are different jobs.
        return a.isAgency || b.isAgency ? 0 : -1
    }
}
