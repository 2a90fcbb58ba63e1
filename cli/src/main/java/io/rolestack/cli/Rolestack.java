package io.rolestack.cli;

public final class Rolestack {
    public static void main(String[] args) {
        System.out.println("rolestack");
    }
}
