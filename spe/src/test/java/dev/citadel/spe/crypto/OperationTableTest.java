package dev.citadel.spe.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citadel.psa.PsaStatus;
import dev.citadel.spe.crypto.OperationTable.Type;
import org.junit.jupiter.api.Test;

class OperationTableTest {
    private static final int OWNER = -0x3C000000;
    private static final int OTHER = -0x3C000001;

    @Test
    void handlesAreSlotPlusOneInOrder() {
        OperationTable t = new OperationTable(3);
        assertThat(t.allocate(Type.HASH, OWNER, "a")).isEqualTo(1);
        assertThat(t.allocate(Type.HASH, OWNER, "b")).isEqualTo(2);
        assertThat(t.allocate(Type.MAC, OTHER, "c")).isEqualTo(3);
    }

    @Test
    void aFullTableAllocatesTheInvalidHandle() {
        OperationTable t = new OperationTable(2);
        t.allocate(Type.HASH, OWNER, "a");
        t.allocate(Type.HASH, OTHER, "b");
        assertThat(t.allocate(Type.HASH, OWNER, "c")).isEqualTo(OperationTable.INVALID_HANDLE);
        assertThat(OperationTable.fullStatus()).isEqualTo(PsaStatus.NOT_PERMITTED.value());
    }

    @Test
    void releaseAllFreesEveryTypeOfOneOwnerOnly() {
        OperationTable t = new OperationTable(4);
        int a = t.allocate(Type.HASH, OWNER, "a");
        int b = t.allocate(Type.MAC, OTHER, "b");
        int c = t.allocate(Type.AEAD, OWNER, "c");
        assertThat(t.releaseAll(OWNER)).isEqualTo(2);
        assertThat(t.lookup(Type.HASH, OWNER, a)).isNull();
        assertThat(t.lookup(Type.AEAD, OWNER, c)).isNull();
        assertThat(t.lookup(Type.MAC, OTHER, b)).isEqualTo("b");
        assertThat(t.inUse()).isEqualTo(1);
        assertThat(t.releaseAll(OWNER)).isZero();
    }

    @Test
    void defaultSizeIsTfmsEight() {
        assertThat(OperationTable.DEFAULT_SIZE).isEqualTo(8);
    }

    @Test
    void lookupFindsTheOwnersContextOfTheRightType() {
        OperationTable t = new OperationTable(8);
        int h = t.allocate(Type.HASH, OWNER, "ctx");
        assertThat(t.lookup(Type.HASH, OWNER, h)).isEqualTo("ctx");
    }

    @Test
    void lookupByAnotherClientFindsNothing() {
        OperationTable t = new OperationTable(8);
        int h = t.allocate(Type.HASH, OWNER, "ctx");
        assertThat(t.lookup(Type.HASH, OTHER, h)).isNull();
    }

    @Test
    void lookupAsAnotherTypeFindsNothing() {
        OperationTable t = new OperationTable(8);
        int h = t.allocate(Type.HASH, OWNER, "ctx");
        assertThat(t.lookup(Type.MAC, OWNER, h)).isNull();
    }

    @Test
    void lookupOfOutOfRangeOrFreeHandlesFindsNothing() {
        OperationTable t = new OperationTable(8);
        t.allocate(Type.HASH, OWNER, "ctx");
        for (int h : new int[] {0, -1, 2, 8, 9, 77, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertThat(t.lookup(Type.HASH, OWNER, h)).as("handle %d", h).isNull();
        }
    }

    @Test
    void releaseFreesTheSlotForReuse() {
        OperationTable t = new OperationTable(2);
        int a = t.allocate(Type.HASH, OWNER, "a");
        t.allocate(Type.HASH, OWNER, "b");
        t.release(a);
        assertThat(t.inUse()).isEqualTo(1);
        assertThat(t.lookup(Type.HASH, OWNER, a)).isNull();
        assertThat(t.allocate(Type.HASH, OTHER, "c")).isEqualTo(a);
        assertThat(t.lookup(Type.HASH, OTHER, a)).isEqualTo("c");
    }

    @Test
    void releaseOfAnInvalidHandleIsIgnored() {
        OperationTable t = new OperationTable(2);
        t.allocate(Type.HASH, OWNER, "a");
        t.release(0);
        t.release(2);
        t.release(99);
        assertThat(t.inUse()).isEqualTo(1);
    }

    @Test
    void aTableNeedsAtLeastOneSlot() {
        assertThatThrownBy(() -> new OperationTable(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
