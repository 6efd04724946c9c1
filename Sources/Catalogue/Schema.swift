import GRDB

/// The published catalogue's schema. Downstream tools read these tables; changing a column
/// means a new migration and a note in docs/catalogue.md.
public enum CatalogueSchema {
    public static let version = 1

    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "vacancies") { t in
                t.column("id", .text).primaryKey()
                t.column("title", .text).notNull()
                t.column("normalised_title", .text).notNull()
                t.column("isco", .text)
                t.column("occupation", .text)
                t.column("occupation_label", .text)
                t.column("confidence", .double).notNull()
                t.column("ambiguous", .boolean).notNull()
                t.column("candidates", .jsonText).notNull()
                t.column("reasons", .jsonText).notNull()
                t.column("employer", .text)
                t.column("place", .text)
                t.column("postcode", .text)
                t.column("province", .text)
                t.column("region", .text)
                t.column("date_posted", .text)
                t.column("closing_date", .text)
                t.column("hours_min", .double)
                t.column("hours_max", .double)
                t.column("salary_min", .double)
                t.column("salary_max", .double)
                t.column("salary_period", .text)
                t.column("contract", .text)
                t.column("schedule", .text)
                t.column("education", .text)
                t.column("url", .text)
                t.column("description", .text)
                t.column("status", .text).notNull()
                t.column("first_seen", .text).notNull()
                t.column("last_seen", .text).notNull()
                t.column("closed_at", .text)
                t.column("merged_into", .text)
                t.column("source_count", .integer).notNull()
                t.column("provenance", .jsonText).notNull()
                t.column("conflicts", .jsonText).notNull()
                t.column("content_hash", .text).notNull()
                t.column("fingerprint", .text).notNull()
            }
            try db.create(index: "vacancies_isco", on: "vacancies", columns: ["isco"])
            try db.create(index: "vacancies_status", on: "vacancies", columns: ["status"])
            try db.create(table: "vacancy_sources") { t in
                t.column("vacancy_id", .text).notNull().references("vacancies", onDelete: .cascade)
                t.column("source", .text).notNull()
                t.column("source_record_id", .text).notNull()
                t.column("publisher", .text).notNull()
                t.column("title", .text).notNull()
                t.column("url", .text)
                t.column("first_seen", .text).notNull()
                t.column("last_seen", .text).notNull()
                t.column("last_run", .text).notNull()
                t.primaryKey(["source", "source_record_id"])
            }
            try db.create(index: "vacancy_sources_vacancy", on: "vacancy_sources", columns: ["vacancy_id"])
            try db.create(table: "changes") { t in
                t.column("run_id", .text).notNull()
                t.column("vacancy_id", .text).notNull()
                t.column("change", .text).notNull()   // new, updated, closed, reopened
                t.column("at", .text).notNull()
                t.primaryKey(["run_id", "vacancy_id"])
            }
            try db.create(table: "identity_events") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("run_id", .text).notNull()
                t.column("kind", .text).notNull()     // merge or split
                t.column("vacancy_id", .text).notNull()
                t.column("detail", .text).notNull()
            }
            try db.create(table: "source_runs") { t in
                t.column("run_id", .text).notNull()
                t.column("source", .text).notNull()
                t.column("status", .text).notNull()   // ok, unchanged, carried, failed
                t.column("records", .integer).notNull()
                t.column("rejects", .integer).notNull()
                t.column("carried_from", .text)
                t.column("error", .text)
                t.primaryKey(["run_id", "source"])
            }
            try db.create(table: "catalogue_info") { t in
                t.column("key", .text).primaryKey()
                t.column("value", .text).notNull()
            }
            try db.execute(sql: """
                CREATE VIEW open_vacancies AS SELECT * FROM vacancies WHERE status = 'open';
                """)
        }
        return migrator
    }
}
