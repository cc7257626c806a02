package org.dlkm.kernel.runtime.internal.pci;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.device.PciClass;
import org.dlkm.kernel.device.PciId;

/**
 * The cards the simulated machine knows, by vendor and device ID: what {@code hotplug add 0:9 8086:1229} inserts
 * (its class and the vendor's name for it), as a real card would say from its configuration space. The embedded
 * list {@value #RESOURCE} holds the cards of the seed's machine and every card the shipped drivers support, and a
 * few that no driver supports; the devices of the hardware description the kernel booted with are known as well.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class PciCards {

    /** The class-path resource of the embedded list. */
    public static final String RESOURCE = "org/dlkm/kernel/runtime/internal/pci/pci-cards.txt";

    /** A kind of card: its class and name. */
    public record Card(PciId id, PciClass deviceClass, String description) {
    }

    private final Map<PciId, Card> cards;

    private PciCards(Map<PciId, Card> cards) {
        this.cards = Map.copyOf(cards);
    }

    /**
     * @param slots the devices of the hardware description; a card listed in both keeps the embedded name
     * @return the embedded list and the cards of those devices
     */
    public static PciCards withMachine(Collection<PciSlot> slots) {
        Map<PciId, Card> known = new LinkedHashMap<>(embedded());
        for (PciSlot s : slots) {
            PciId id = new PciId(s.vendorId(), s.deviceId());
            known.putIfAbsent(id, new Card(id, s.deviceClass(), s.description()));
        }
        return new PciCards(known);
    }

    /**
     * @param id a vendor and device ID
     * @return the card of that ID, if the machine knows it
     */
    public Optional<Card> find(PciId id) {
        return Optional.ofNullable(cards.get(id));
    }

    /** @return every known ID, sorted, for messages */
    public List<String> ids() {
        return cards.keySet().stream().map(PciId::toString).sorted().toList();
    }

    private static Map<PciId, Card> embedded() {
        String text;
        try (InputStream in = PciCards.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the embedded card list " + RESOURCE + " is missing from the kernel"
                        + " runtime bundle");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the embedded card list " + RESOURCE + " failed", e);
        }
        Map<PciId, Card> known = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Card card = card(line, i + 1);
            if (known.putIfAbsent(card.id(), card) != null) {
                throw new IllegalStateException(RESOURCE + ": line " + (i + 1) + ": " + card.id() + " is listed twice");
            }
        }
        return known;
    }

    private static Card card(String line, int number) {
        String[] f = line.split("\\s+", 3);
        try {
            if (f.length < 3) {
                throw new IllegalStateException("expected 'vendor:device class description'");
            }
            return new Card(PciId.parse(f[0]), PciClass.valueOf(f[1].toUpperCase(Locale.ROOT)), f[2].strip());
        } catch (KernelException | IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException(RESOURCE + ": line " + number + ": " + e.getMessage(), e);
        }
    }
}
