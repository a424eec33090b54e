package io.loomicorn.engine;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionShareTest {

    private final MemorySegment board = Arena.ofAuto().allocate(ConnectionShare.BYTES, 8);

    @Test
    void aWorkerAboveAnEvenShareByMoreThanTheSlackStepsBackAndTheOthersDoNot() {
        ConnectionShare first = ConnectionShare.inMemory(board, 0, 2);
        ConnectionShare second = ConnectionShare.inMemory(board, 1, 2);
        first.update(5);
        second.update(0);
        assertThat(first.aboveShare(5)).as("5 of 5: above 2.5 + 2").isTrue();
        assertThat(second.aboveShare(0)).isFalse();
        second.update(1);
        assertThat(first.aboveShare(5)).as("5 of 6: above 3 + 2? no").isFalse();
        first.update(27);
        second.update(23);
        assertThat(first.aboveShare(27)).as("27 of 50").isFalse();
        first.update(28);
        second.update(22);
        assertThat(first.aboveShare(28)).as("28 of 50").isTrue();
    }

    @Test
    void aWorkerInASlotPastTheWorkerCountAddsUpEverySlotUpToItsOwn() {
        // TTIN: a third worker with workers = 2.
        ConnectionShare third = ConnectionShare.inMemory(board, 2, 2);
        ConnectionShare.inMemory(board, 0, 2).update(0);
        ConnectionShare.inMemory(board, 1, 2).update(0);
        third.update(9);
        assertThat(third.aboveShare(9)).as("9 of 9 over three slots: above 3 + 2").isTrue();
        ConnectionShare.inMemory(board, 0, 2).update(5);
        ConnectionShare.inMemory(board, 1, 2).update(5);
        assertThat(third.aboveShare(9)).as("9 of 19: above 6.3 + 2").isTrue();
        ConnectionShare.inMemory(board, 1, 2).update(9);
        assertThat(third.aboveShare(9)).as("9 of 23: below 7.7 + 2").isFalse();
    }

    @Test
    void aWorkerServingAloneWhileItsSiblingBootsOrDrainsIsNeverAboveItsShare() {
        ConnectionShare first = ConnectionShare.inMemory(board, 0, 2);
        ConnectionShare second = ConnectionShare.inMemory(board, 1, 2);
        first.update(30);
        assertThat(first.aboveShare(30)).as("the second has not booted").isFalse();
        second.update(0);
        assertThat(first.aboveShare(30)).isTrue();
        second.withdraw();
        assertThat(first.aboveShare(30)).as("the second drains").isFalse();
    }

    @Test
    void aLoneWorkerOrOneWithoutSharedMemoryNeverStepsBack() {
        ConnectionShare alone = ConnectionShare.inMemory(board, 0, 1);
        alone.update(100);
        assertThat(alone.aboveShare(100)).isFalse();
        assertThat(ConnectionShare.none().aboveShare(1000)).isFalse();
    }

    @Test
    void aWorkerWithoutASlotWritesNothing() {
        ConnectionShare.inMemory(board, -1, 2).update(7);
        assertThat(board.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0)).isZero();
        assertThat(board.get(java.lang.foreign.ValueLayout.JAVA_LONG, 8)).isZero();
    }
}
