package io.osiris.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.osiris.api.OsirisException;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.WriteMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The delete_insert part of the contract, for a loader that declares it
 * ({@link io.osiris.api.connector.ILoader#writeModes()}): the rows of each arriving key or
 * partition replace the target's, all or nothing; a loader that does not declare it refuses it
 * with a message that names the mode and leaves the table as it was.
 */
public abstract class DeleteInsertChecks extends WriteChecks {
    DeleteInsertChecks() {
    }

    private boolean deleteInsert() {
        return hasBehavior(Behavior.WRITE) && loader().writeModes().contains(WriteMode.DELETE_INSERT);
    }

    private static LoadRequest byKey() {
        return new LoadRequest(WRITES, WriteMode.DELETE_INSERT, List.of("id"));
    }

    private static LoadRequest byPartition(String column) {
        return new LoadRequest(WRITES, WriteMode.DELETE_INSERT, List.of(), List.of(column));
    }

    @Test
    void deleteInsertOnAKeyReplacesTheRowsOfTheArrivingKeys() {
        assumeTrue(deleteInsert(), "connector does not declare delete_insert");
        seedWrites();
        LoadResult result = loader().load(byKey(), writeRows(2, "TWO", 4, "four"));
        assertThat(result.rowsWritten()).isEqualTo(2);
        assertThat(readWrites()).isEqualTo(rows(1, "one", 2, "TWO", 3, "three", 4, "four"));
    }

    @Test
    void deleteInsertOnAPartitionReplacesEveryRowOfTheArrivingPartitions() {
        assumeTrue(deleteInsert(), "connector does not declare delete_insert");
        seedWrites();
        loader().load(new LoadRequest(WRITES, WriteMode.APPEND), writeRows(4, "two", 5, "five"));
        // Partition "two" held ids 2 and 4; it now holds only 6. Partition "three" comes anew as 7.
        LoadResult result = loader().load(byPartition("name"), writeRows(6, "two", 7, "three"));
        assertThat(result.rowsWritten()).isEqualTo(2);
        assertThat(readWrites()).isEqualTo(rows(1, "one", 5, "five", 6, "two", 7, "three"));
    }

    @Test
    void deleteInsertMatchesANullPartitionValueWithTheNullPartition() {
        assumeTrue(deleteInsert(), "connector does not declare delete_insert");
        seedWrites();
        loader().load(new LoadRequest(WRITES, WriteMode.APPEND), writeRows(4, null, 5, null));
        loader().load(byPartition("name"), writeRows(6, null));
        assertThat(readWrites()).isEqualTo(rows(1, "one", 2, "two", 3, "three", 6, null));
    }

    @Test
    void deleteInsertRunTwiceWithTheSameRowsLeavesOneCopy() {
        assumeTrue(deleteInsert(), "connector does not declare delete_insert");
        seedWrites();
        loader().load(byPartition("name"), writeRows(4, "four", 5, "four"));
        loader().load(byPartition("name"), writeRows(4, "four", 5, "four"));
        assertThat(readWrites()).isEqualTo(rows(1, "one", 2, "two", 3, "three", 4, "four", 5, "four"));
    }

    @Test
    void deleteInsertIntoAMissingTableCreatesIt() {
        assumeTrue(deleteInsert(), "connector does not declare delete_insert");
        dropTable(WRITES);
        LoadResult result = loader().load(byKey(), writeRows(1, "a", 2, "b"));
        assertThat(result).isEqualTo(new LoadResult(2, true));
        loader().load(byKey(), writeRows(2, "B", 3, "c"));
        assertThat(readWrites()).isEqualTo(rows(1, "a", 2, "B", 3, "c"));
    }

    @Test
    void aFailedDeleteInsertLeavesTheTargetAsItWas() {
        assumeTrue(deleteInsert(), "connector does not declare delete_insert");
        seedWrites();
        // Enough rows that a batching loader has flushed some before the failure; ids 1..3 are not among them.
        assertThatThrownBy(() -> loader().load(byKey(), failingAfter(25_000)))
                .isInstanceOf(OsirisException.class)
                .hasMessageContaining("injected by the kit");
        assertThat(readWrites()).isEqualTo(rows(1, "one", 2, "two", 3, "three"));
    }

    @Test
    void aDeleteInsertWhoseRowsBreakTheKeyLeavesTheTargetAsItWas() {
        assumeTrue(deleteInsert(), "connector does not declare delete_insert");
        seedWrites();
        // Partition "two" is deleted, then id 1 (partition "one", kept) arrives again: the key refuses it.
        assertThatThrownBy(() -> loader().load(byPartition("name"), writeRows(1, "two")))
                .isInstanceOf(OsirisException.class);
        assertThat(readWrites()).isEqualTo(rows(1, "one", 2, "two", 3, "three"));
    }

    @Test
    void aDeleteInsertOnAColumnTheRowsLackIsRefusedAndTheTargetIsLeftAsItWas() {
        assumeTrue(deleteInsert(), "connector does not declare delete_insert");
        seedWrites();
        assertThatThrownBy(() -> loader().load(byPartition("region"), writeRows(9, "nine")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("region");
        assertThat(readWrites()).isEqualTo(rows(1, "one", 2, "two", 3, "three"));
    }

    @Test
    void aLoaderWithoutDeleteInsertRefusesItByName() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        assumeTrue(!loader().writeModes().contains(WriteMode.DELETE_INSERT), "connector declares delete_insert");
        seedWrites();
        assertThatThrownBy(() -> loader().load(byKey(), writeRows(2, "TWO")))
                .isInstanceOf(OsirisException.class)
                .hasMessageContaining("delete_insert");
        assertThat(readWrites()).isEqualTo(rows(1, "one", 2, "two", 3, "three"));
    }
}
