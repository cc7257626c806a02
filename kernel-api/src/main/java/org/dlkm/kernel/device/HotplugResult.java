package org.dlkm.kernel.device;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one PCI hot-plug event did ({@link DeviceService#hotplugAdd}, {@link DeviceService#hotplugRemove}).
 *
 * <p>Immutable.
 *
 * @param card the card inserted or removed, as it was at the end of the event
 * @param driver the module that probed the new card, or released the removed one; empty if none did
 * @param autoloaded the modules the event autoloaded for the card, in load order (its driver last); empty if none
 * @param devices the devices the event created (add) or withdrew (remove), by name
 * @param note why a new VMkernel card was left unclaimed (no driver, or the driver does not take hot-plugged cards);
 *        empty otherwise
 * @since 1.2
 */
public record HotplugResult(PciDevice card, Optional<String> driver, List<String> autoloaded, List<String> devices,
        Optional<String> note) {

    /** Checks that nothing is null and copies the lists. */
    public HotplugResult {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(note, "note");
        autoloaded = List.copyOf(autoloaded);
        devices = List.copyOf(devices);
    }
}
