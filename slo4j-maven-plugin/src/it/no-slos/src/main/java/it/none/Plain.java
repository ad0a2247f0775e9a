package it.none;

public class Plain {
}
