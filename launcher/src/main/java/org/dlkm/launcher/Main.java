package org.dlkm.launcher;

public final class Main {
    public static void main(String[] args) {
    }
}
