import Foundation
import Deduplication
import KaartenbakCore

/// Consecutive nights of generated raw feeds for the whole-night benchmark: a first night of exactly
/// `records` records, and a next night in which a share of them changed, as a market changes
/// overnight: a third of that share removed (the vacancy was filled), a third edited (description
/// and closing date rewritten), and as many new records added (the generator's next vacancies).
/// Everything is streamed to disk: memory does not grow with the night's size.
public struct SyntheticNights: Sendable {
    public var settings: SyntheticVacancies.Settings
    public var records: Int
    public var formats: [SyntheticFeeds.Format]
    /// Records rendered together on every core before they are written in order.
    public var batch = 4096

    public init(settings: SyntheticVacancies.Settings, records: Int, formats: [SyntheticFeeds.Format] = SyntheticFeeds.Format.allCases) {
        self.settings = settings
        self.records = records
        self.formats = formats
    }

    /// What one night's folder holds.
    public struct Night: Sendable {
        public var pipeline: String
        public var records = 0
        public var removed = 0
        public var edited = 0
        public var added = 0
        /// Bytes of the feeds by format.
        public var bytes: [SyntheticFeeds.Format: Int] = [:]
    }

    /// Writes a night into `folder` (feeds/ and pipeline.yaml): night one with `changed` 0, the
    /// next night with the share of night one's records that changed.
    public func write(to folder: String, changed: Double = 0) throws -> Night {
        let generator = SyntheticVacancies(settings: settings).scaled(forRecords: records)
        let writer = try SyntheticFeeds.Writer(folder: folder, sources: generator.sourceList, formats: formats,
                                               pipeline: "generated-\(settings.seed)")
        let third = max(0, min(1, changed)) / 3
        let adding = Int((Double(records) * third).rounded())
        var night = Night(pipeline: "")
        var index = 0
        /// Records kept tonight, whether edited, and their feed's format: rendered a batch at a time on every
        /// core (their paragraphs, their edit and their feed text are each a function of the record alone),
        /// written in order on this thread.
        var pending: [(record: Vacancy, edited: Bool, format: SyntheticFeeds.Format)] = []
        func flush() throws {
            let rendered = Parallel.map(pending.count, threads: Parallel.threadCount(0)) { i -> String in
                var record = pending[i].record
                Self.addBoilerplate(&record)
                if pending[i].edited { Self.edit(&record) }
                return SyntheticFeeds.render(record, as: pending[i].format)
            }
            for (item, text) in zip(pending, rendered) { try writer.append(rendered: text, of: item.record.source) }
            pending.removeAll(keepingCapacity: true)
        }
        try generator.stream { record, _ in
            defer { index += 1 }
            guard index < records + adding else { return false }
            var edited = false
            if index < records, third > 0 {
                let dice = Self.unit(index, seed: settings.seed)
                if dice < third {
                    night.removed += 1
                    return true
                }
                if dice < 2 * third {
                    edited = true
                    night.edited += 1
                }
            } else if index >= records {
                night.added += 1
            }
            pending.append((record, edited, try writer.format(of: record.source)))
            night.records += 1
            if pending.count >= batch { try flush() }
            return true
        }
        try flush()
        night.pipeline = try writer.finish()
        night.bytes = writer.bytesByFormat
        return night
    }

    /// The paragraphs every source wraps round a job in its own words (about the organisation, what
    /// it offers, how to apply), which make a real ad's description about 2 KB: chosen per source and
    /// employer, so copies of one job in different sources differ here, as they do in the market.
    static func addBoilerplate(_ record: inout Vacancy) {
        var pick = TextKeys.mix(TextKeys.hash(record.source) ^ TextKeys.hash(record.employer ?? ""))
        var paragraphs: [String] = []
        for pool in boilerplate {
            paragraphs.append(pool[Int(pick % UInt64(pool.count))])
            pick = TextKeys.mix(pick)
        }
        record.description = ((record.description.map { [$0] } ?? []) + paragraphs).joined(separator: "\n")
    }

    static let boilerplate: [[String]] = [
        [
            "Over ons: wij zijn een organisatie die midden in de regio staat. Onze medewerkers werken dagelijks samen met klanten, partners en collega's uit andere vestigingen. We investeren in goede begeleiding, duidelijke afspraken en een werkplek waar je je thuis voelt. Nieuwe collega's krijgen een inwerkprogramma van enkele weken met een vaste buddy.",
            "Wie zijn wij? Al meer dan vijftig jaar een begrip in de omgeving, met een open cultuur waarin initiatief wordt gewaardeerd. We zijn trots op onze vakmensen en bieden ruimte om te groeien, via interne opleidingen, een eigen academie en doorstroommogelijkheden naar andere functies binnen het bedrijf.",
            "Dit is ons bedrijf: een informele werkomgeving met korte lijnen, waar de deur van de directie altijd openstaat. We werken veilig, zorgvuldig en met oog voor elkaar. Duurzaamheid staat hoog op de agenda: we rijden elektrisch waar het kan en denken graag mee over verbeteringen.",
        ],
        [
            "Wat bieden wij? Een goed salaris volgens de cao, vakantiegeld en een eindejaarsuitkering, een pensioenregeling waarvan wij het grootste deel betalen, reiskostenvergoeding vanaf de eerste kilometer, een fietsplan, korting op sportabonnementen en een persoonlijk opleidingsbudget. Daarnaast krijg je alle ruimte om je verder te ontwikkelen.",
            "Ons aanbod: een contract met uitzicht op een vaste aanstelling, 25 vakantiedagen bij een volledige werkweek plus de mogelijkheid om extra dagen te kopen, een individueel keuzebudget, goede secundaire arbeidsvoorwaarden, werkkleding van de zaak en een hecht team dat elkaar helpt. Ook is er een jaarlijks personeelsfeest.",
            "Je krijgt bij ons: marktconforme beloning met periodieke verhogingen, een 13e maand, flexibele werktijden waar de functie dat toelaat, een laptop en telefoon van de zaak, volop trainingen en cursussen, en collega's die klaarstaan om je wegwijs te maken. Wij vergoeden je reiskosten en bieden een goede pensioenregeling.",
        ],
        [
            "Solliciteren? Reageer via de knop op deze pagina met je cv en een korte motivatie. Wil je eerst meer weten over de functie, bel dan gerust met onze recruiter. Een assessment kan deel uitmaken van de procedure. Een verklaring omtrent het gedrag (VOG) is vereist. Acquisitie naar aanleiding van deze vacature wordt niet op prijs gesteld.",
            "Interesse? Stuur je cv en motivatie via het sollicitatieformulier. De eerste gesprekken vinden plaats in de week na de sluitingsdatum; een tweede gesprek kan op de werkvloer zijn, zodat je kunt zien hoe het werk er in de praktijk uitziet. We reageren binnen vijf werkdagen op iedere sollicitatie. Vragen? Mail of bel ons gerust.",
            "Ben jij de collega die we zoeken? Solliciteer direct online; je hoeft alleen je cv te uploaden en een paar vragen te beantwoorden. Heb je vragen over de vacature of de procedure, neem dan contact op met de afdeling recruitment. Het indienen van een referentie en het overleggen van diploma's maken onderdeel uit van de procedure.",
        ],
    ]

    /// A posting rewritten overnight: a sentence added to its description, its closing date moved.
    static func edit(_ record: inout Vacancy) {
        record.description = (record.description ?? "") + " Update: reageer voor het einde van de maand, gesprekken volgen direct."
        if let closing = record.closingDate, let day = ISODay.number(closing) {
            record.closingDate = Catalog.isoDate(Int(day) + 14)
        } else {
            record.closingDate = nil
        }
    }

    /// A fixed die per record index, apart from the generator's own.
    static func unit(_ index: Int, seed: UInt64) -> Double {
        Double(TextKeys.mix(UInt64(index) &* 0x2545_F491_4F6C_DD1D ^ seed ^ 0x6E69_6768_7473) >> 11) / Double(1 << 53)
    }
}
