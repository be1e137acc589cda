package io.osiris.connector.memory;

/** The connector contract suite with both CSV capabilities and SplitRead on: the kit checks their text against its own. */
class MemoryConnectorCsvContractTest extends MemoryConnectorContractTest {
    static {
        MemoryDatabase.builder("contract_csv").csvExport(true).csvImport(true).splitRead(true).register();
    }

    @Override
    protected String connection() {
        return "contract_csv";
    }
}
