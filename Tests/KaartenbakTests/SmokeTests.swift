import Testing
@testable import KaartenbakCore

@Test func definitionNeedsVersion() throws {
    #expect(throws: KaartenbakError.self) { try DefinitionLoader.parse(yaml: "sources: []", file: "x.yaml") }
}
