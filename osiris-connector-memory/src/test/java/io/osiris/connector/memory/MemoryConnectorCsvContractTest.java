package io.osiris.connector.memory;

/** The connector contract suite with both CSV capabilities on: the kit checks their text against its own. */
class MemoryConnectorCsvContractTest extends MemoryConnectorContractTest {
    static {
        MemoryDatabase.builder("contract_csv").csvExport(true).csvImport(true).register();
    }

    @Override
    protected String connection() {
        return "contract_csv";
    }
}
