package io.rec4j.cli;

public final class Main {
    public static void main(String[] args) {
        System.out.println("rec4j");
    }
}
