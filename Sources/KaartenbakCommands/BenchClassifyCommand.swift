import ArgumentParser
import Classification
import Foundation
import KaartenbakCore

/// `kaartenbak bench classify`: classifier throughput on one core with ~2 KB descriptions.
public struct BenchClassifyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Measure classifier throughput (vacancies per second, one core, ~2 KB descriptions). Use a release build.")

    @OptionGroup var data: DataDirOptions
    @Option(help: "Number of vacancies to classify.") var count = 200_000
    @Option(help: "Description size in bytes.") var descriptionBytes = 2048
    @Flag(help: "Only ambiguous titles, so that every description is scanned (the slowest case).") var worstCase = false
    @Option(help: ArgumentHelp("Classify the titles of this labelled TSV instead (e.g. national occupation titles, most of which reach the ESCO retrieval step).",
                               valueName: "file"))
    var titles: String?

    public init() {}

    /// Titles as they come in: decided ones, ambiguous heads with and without evidence, noise, typos.
    static let titles = [
        "Chauffeur (m/v)", "Vrachtwagenchauffeur CE internationaal", "Pakketbezorger bestelbus Tilburg 32-40 uur",
        "Heftruckchauffeur (m/v/x) per direct", "Medewerker bediening", "Verzorgende IG 24-32 uur", "Schoonmaker (m/v) Breda",
        "Monteur", "Elektromonteur", "Software developer (medior)", "Kassamedewerker supermarkt", "Bezorger",
        "Magazijnmedewerker 40 uur regio Breda", "Buschauffeur D", "Hovenier aanleg en onderhoud", "Operator",
        "Vrachtwagenchaufeur", "Administratief medewerker", "Taxichauffeur parttime", "Docent Engels tweedegraads",
    ]
    static let evidence = [
        "Je rijdt met een trekker-oplegger door Europa, rijbewijs CE en code 95 zijn vereist.",
        "Je bezorgt pakketten met een bestelbus in je eigen wijk. Rijbewijs B.",
        "Je vervoert cliënten en leerlingen met een taxibusje. Chauffeurskaart vereist.",
        "Wij bieden een goed salaris, een fijn team en doorgroeimogelijkheden.",
    ]
    static let filler = "Wij zijn een familiebedrijf in West-Brabant met ruim honderd medewerkers en een informele sfeer. "
        + "Je werkt zelfstandig maar staat er nooit alleen voor; je collega's helpen je graag op weg. "
        + "Wat bieden wij? Een marktconform salaris volgens de cao, reiskostenvergoeding, vakantiegeld en opleidingsmogelijkheden. "

    public func run() throws {
        let taxonomy = try Taxonomy.load(dataDirectory: data.path)
        let classifier = OccupationClassifier(taxonomy: taxonomy)
        var descriptions: [String] = []
        for e in Self.evidence {
            var text = ""
            while text.utf8.count < descriptionBytes - e.utf8.count { text += Self.filler }
            descriptions.append(String(text.prefix(max(0, descriptionBytes - e.utf8.count))) + e)
        }
        var titles = worstCase ? ["Chauffeur (m/v)", "Monteur", "Bezorger", "Chauffeur", "Operator (m/v)"] : Self.titles
        if let file = self.titles {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw KaartenbakError(.io, "cannot read the labelled file", at: Location(file: file), cause: error)
            }
            titles = try Evaluation.parse(tsv: text, file: file).map(\.title)
            guard !titles.isEmpty else { throw KaartenbakError(.parse, "the labelled file has no titles", at: Location(file: file)) }
        }
        var decided = 0
        let cpuStart = ProcessStats.cpuSeconds()
        let start = DispatchTime.now().uptimeNanoseconds
        for i in 0..<count {
            let coding = classifier.classify(title: titles[i % titles.count],
                                             description: descriptions[(i / titles.count) % descriptions.count],
                                             employer: "Transportbedrijf Van Dijk B.V.")
            if coding.isco != nil { decided += 1 }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpu = ProcessStats.cpuSeconds() - cpuStart
        // CPU time is what one core spends; wall time also counts waiting for a shared machine.
        print(String(format: "%d vacancies (descriptions %d bytes): %.2f s CPU, %.2f s wall; %.0f vacancies per CPU-second (one thread), %.0f per wall-second; %d decided",
                     count, descriptionBytes, cpu, seconds, Double(count) / max(cpu, 1e-9), Double(count) / seconds, decided))
    }
}
