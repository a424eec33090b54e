package io.loomicorn.worker.sync;

import io.loomicorn.spi.WorkerFactory;
import io.loomicorn.testing.SendBufferContract;

/** {@code Response.send(ByteBuffer)} on the sync worker class, over a real socket. */
class SyncSendBufferTest extends SendBufferContract {

    @Override
    protected WorkerFactory factory() {
        return new SyncWorkerFactory();
    }
}
