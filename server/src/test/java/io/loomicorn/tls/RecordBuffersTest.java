package io.loomicorn.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RecordBuffersTest {

    private static final int PACKET = 16_709;

    @Test
    void aBufferGivenBackIsTakenAgainEmptyWithRoomForTwoRecords() {
        RecordBuffers buffers = new RecordBuffers(2);
        ByteBuffer first = buffers.take(PACKET);
        assertThat(first.capacity()).isEqualTo(2 * PACKET);
        first.put(new byte[100]).flip();
        buffers.give(first);
        assertThat(buffers.spare()).isEqualTo(1);
        ByteBuffer again = buffers.take(PACKET);
        assertThat(again).isSameAs(first);
        assertThat(again.position()).isZero();
        assertThat(again.remaining()).isEqualTo(2 * PACKET);
        assertThat(buffers.spare()).isZero();
    }

    @Test
    void keepsAtMostMaxSparesAndLeavesTheRestToTheCollector() {
        RecordBuffers buffers = new RecordBuffers(2);
        ByteBuffer a = buffers.take(PACKET);
        ByteBuffer b = buffers.take(PACKET);
        ByteBuffer c = buffers.take(PACKET);
        assertThat(a).isNotSameAs(b).isNotSameAs(c);
        buffers.give(a);
        buffers.give(b);
        buffers.give(c);
        assertThat(buffers.spare()).isEqualTo(2);
    }

    @Test
    void aSpareTooSmallForLargerRecordsIsNotHandedOut() {
        RecordBuffers buffers = new RecordBuffers(2);
        buffers.give(buffers.take(PACKET));
        ByteBuffer larger = buffers.take(2 * PACKET);
        assertThat(larger.capacity()).isEqualTo(4 * PACKET);
    }
}
