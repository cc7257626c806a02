package org.dlkm.launcher;

import java.util.ArrayList;
import java.util.List;

/** Reads what {@code kmsystem} printed, as an administrator reads its table. */
final class KmsystemListing {
    private KmsystemListing() {
    }

    /** @return the modules of the first table {@code kmsystem} printed, in its order */
    static List<String> modules(String stdout) {
        List<String> names = new ArrayList<>();
        boolean table = false;
        for (String line : stdout.split("\n")) {
            if (line.startsWith("====")) {
                table = true;
            } else if (table && line.matches("\\S+\\s+[YN]\\s+[YN-]")) {
                names.add(line.split("\\s+")[0]);
            } else if (table) {
                break;
            }
        }
        return names;
    }
}
