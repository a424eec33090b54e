package io.loomicorn.worker.vthread;

import io.loomicorn.spi.WorkerFactory;
import io.loomicorn.testing.SendBufferContract;

/** {@code Response.send(ByteBuffer)} on the vthread worker class, over a real socket. */
class VThreadSendBufferTest extends SendBufferContract {

    @Override
    protected WorkerFactory factory() {
        return new VThreadWorkerFactory();
    }
}
