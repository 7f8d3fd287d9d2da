package dev.citadel.hal.flash;

import java.util.Arrays;
import java.util.Random;

/**
 * A {@link FlashDevice} whose power comes from a {@link PowerRail}. Each program and erase counts as one operation;
 * the one the rail's plan names is cut. A torn program writes a random prefix of its program units and, in the next
 * unit, clears a random subset of the bits it would have cleared. A torn erase leaves a random prefix of the
 * sector's program units at 0xFF, the next unit with a random subset of bits set, and the rest as it was. Both stay
 * within what NOR cells can hold. Reads and syncs are not counted but are refused while power is off.
 */
public final class FaultInjectingFlash implements FlashDevice {
    private final FlashDevice medium;
    private final PowerRail rail;

    /** Wraps {@code medium}, whose content survives cuts and reboots. */
    public FaultInjectingFlash(FlashDevice medium, PowerRail rail) {
        this.medium = medium;
        this.rail = rail;
    }

    @Override
    public FlashGeometry geometry() {
        return medium.geometry();
    }

    @Override
    public byte[] read(long offset, int length) throws FlashException {
        rail.checkPower();
        return medium.read(offset, length);
    }

    @Override
    public void erase(int sector) throws FlashException {
        rail.checkPower();
        geometry().checkSector(sector);
        switch (rail.begin()) {
            case COMPLETE -> medium.erase(sector);
            case COMPLETE_THEN_CUT -> {
                medium.erase(sector);
                throw rail.cut();
            }
            case TORN -> {
                tornErase(sector);
                throw rail.cut();
            }
        }
    }

    @Override
    public void program(long offset, byte[] data) throws FlashException {
        rail.checkPower();
        geometry().checkProgram(offset, data.length);
        // Refusals are decided before the count, so a refused program never uses up the planned cut.
        byte[] old = medium.read(offset, data.length);
        NorFlash.checkOnlyClears(offset, old, data);
        switch (rail.begin()) {
            case COMPLETE -> medium.program(offset, data);
            case COMPLETE_THEN_CUT -> {
                medium.program(offset, data);
                throw rail.cut();
            }
            case TORN -> {
                tornProgram(offset, old, data);
                throw rail.cut();
            }
        }
    }

    private void tornProgram(long offset, byte[] old, byte[] data) throws FlashException {
        int unit = geometry().programUnit();
        int units = data.length / unit;
        Random r = rail.random();
        int done = r.nextInt(units + 1);
        byte[] result = old.clone();
        System.arraycopy(data, 0, result, 0, done * unit);
        if (done < units) {
            for (int i = done * unit; i < (done + 1) * unit; i++) {
                int toClear = old[i] & ~data[i] & 0xFF;
                result[i] = (byte) (old[i] & ~(toClear & r.nextInt(256)));
            }
        }
        if (!Arrays.equals(result, old)) {
            medium.program(offset, result);
        }
    }

    private void tornErase(int sector) throws FlashException {
        FlashGeometry g = geometry();
        int unit = g.programUnit();
        int units = g.sectorSize() / unit;
        long base = g.sectorOffset(sector);
        byte[] old = medium.read(base, g.sectorSize());
        Random r = rail.random();
        int done = r.nextInt(units + 1);
        byte[] result = old.clone();
        Arrays.fill(result, 0, done * unit, (byte) 0xFF);
        if (done < units) {
            for (int i = done * unit; i < (done + 1) * unit; i++) {
                result[i] = (byte) (old[i] | r.nextInt(256));
            }
        }
        // Setting bits needs an erase on the medium; the bytes that stay old are then programmed back.
        medium.erase(sector);
        medium.program(base, result);
    }

    @Override
    public void sync() throws FlashException {
        rail.checkPower();
        medium.sync();
    }

    /** Closes the medium; allowed with power off, so a campaign can always release its files. */
    @Override
    public void close() throws FlashException {
        medium.close();
    }
}
