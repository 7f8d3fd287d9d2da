package dev.citadel.spe.spm;

import java.util.concurrent.atomic.AtomicBoolean;

/** A connection to a connection-based service, bound to the client that created it. */
final class Connection {
    final int slot;
    final int generation;
    final int handle;
    final ServiceEntry service;
    final int clientId;
    final NsSession session;
    final AtomicBoolean busy = new AtomicBoolean();
    /** Set when the service replied PROGRAMMER_ERROR: TF-M leaves such a connection unusable. */
    volatile boolean unusable;

    volatile Object rhandle;

    Connection(int slot, int generation, ServiceEntry service, int clientId, NsSession session) {
        this.slot = slot;
        this.generation = generation;
        this.handle = (slot << 3) + 1 + generation;
        this.service = service;
        this.clientId = clientId;
        this.session = session;
    }
}
