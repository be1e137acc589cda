package io.osiris.connector.memory;

/** The connector contract suite with SplitRead on and no CSV: splits are read as rows. */
class MemoryConnectorSplitContractTest extends MemoryConnectorContractTest {
    static {
        MemoryDatabase.builder("contract_split").splitRead(true).register();
    }

    @Override
    protected String connection() {
        return "contract_split";
    }
}
