package dev.slo4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.FieldVisitor;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;

/**
 * What makes {@link Slo4jPreinitializer} safe: initializing slo4j's classes on its thread while the main thread
 * initializes others cannot deadlock unless two static initializers need each other. Reads the static initializer of
 * every slo4j class on the class path and fails on a cycle among them, and on a type whose static initializer creates
 * one of its own subtypes (whose initialization needs the type first) other than the one pair the preinitializer
 * leaves out. Direct references only: a static initializer reaching another class through a method it calls is not
 * followed.
 */
class StaticInitializersTest {

  private static final String KNOWN_PAIR = "dev/slo4j/ResilienceListener -> dev/slo4j/LoggingResilienceListener";

  @Test
  void noTwoStaticInitializersNeedEachOther() throws Exception {
    Map<String, Set<String>> touches = new HashMap<>();
    Map<String, Set<String>> supertypes = new HashMap<>();
    int classes = 0;
    for (byte[] bytes : classFiles()) {
      {
        ClassReader reader = new ClassReader(bytes);
        classes++;
        String name = reader.getClassName();
        Set<String> supers = new HashSet<>();
        if (reader.getSuperName() != null) {
          supers.add(reader.getSuperName());
        }
        supers.addAll(java.util.List.of(reader.getInterfaces()));
        supertypes.put(name, supers);
        Set<String> refs = new TreeSet<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
          @Override
          public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
              String[] exceptions) {
            if (!method.equals("<clinit>")) {
              return null;
            }
            return new MethodVisitor(Opcodes.ASM9) {
              @Override
              public void visitMethodInsn(int opcode, String owner, String n, String d, boolean itf) {
                refs.add(owner);
              }

              @Override
              public void visitFieldInsn(int opcode, String owner, String n, String d) {
                refs.add(owner);
              }

              @Override
              public void visitTypeInsn(int opcode, String type) {
                if (opcode == Opcodes.NEW) {
                  refs.add(type);
                }
              }
            };
          }

          @Override
          public FieldVisitor visitField(int access, String field, String descriptor, String signature, Object value) {
            return null;
          }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        refs.removeIf(r -> !r.startsWith("dev/slo4j/") || r.equals(name));
        touches.put(name, refs);
      }
    }
    assertThat(classes).as("slo4j classes read").isGreaterThan(100);

    for (String start : touches.keySet()) {
      Deque<String> pending = new ArrayDeque<>(touches.get(start));
      Set<String> seen = new HashSet<>();
      while (!pending.isEmpty()) {
        String next = pending.poll();
        assertThat(next).as("a cycle of static initializers through " + start).isNotEqualTo(start);
        if (seen.add(next)) {
          pending.addAll(touches.getOrDefault(next, Set.of()));
        }
      }
    }

    Set<String> createsItsSubtype = new TreeSet<>();
    touches.forEach((type, refs) -> refs.forEach(ref -> {
      if (isSubtype(ref, type, supertypes)) {
        createsItsSubtype.add(type + " -> " + ref);
      }
    }));
    assertThat(createsItsSubtype).as("types whose static initializer needs a subtype; Slo4jPreinitializer must not "
        + "initialize any of them").containsExactly(KNOWN_PAIR);
  }

  /** The class files of slo-core, slo-micrometer, slo-resilience and this module, from their jars or directories. */
  private static java.util.List<byte[]> classFiles() throws Exception {
    java.util.List<byte[]> files = new java.util.ArrayList<>();
    Set<java.net.URL> locations = new java.util.LinkedHashSet<>();
    for (Class<?> anchor : new Class<?>[] {dev.slo4j.SloRegistry.class, dev.slo4j.micrometer.MicrometerSloRecorder.class,
        dev.slo4j.resilience.ResiliencePolicy.class, Slo4jAutoConfiguration.class}) {
      locations.add(anchor.getProtectionDomain().getCodeSource().getLocation());
    }
    for (java.net.URL location : locations) {
      java.nio.file.Path path = java.nio.file.Path.of(location.toURI());
      if (java.nio.file.Files.isDirectory(path)) {
        try (var walk = java.nio.file.Files.walk(path)) {
          for (java.nio.file.Path file : walk.filter(f -> f.toString().endsWith(".class")).toList()) {
            files.add(java.nio.file.Files.readAllBytes(file));
          }
        }
      } else {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(path.toFile())) {
          for (var entry : java.util.Collections.list(jar.entries())) {
            if (entry.getName().startsWith("dev/slo4j/") && entry.getName().endsWith(".class")) {
              try (InputStream in = jar.getInputStream(entry)) {
                files.add(in.readAllBytes());
              }
            }
          }
        }
      }
    }
    return files;
  }

  private static boolean isSubtype(String type, String of, Map<String, Set<String>> supertypes) {
    Deque<String> pending = new ArrayDeque<>(supertypes.getOrDefault(type, Set.of()));
    Set<String> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      String s = pending.poll();
      if (s.equals(of)) {
        return true;
      }
      if (seen.add(s)) {
        pending.addAll(supertypes.getOrDefault(s, Set.of()));
      }
    }
    return false;
  }
}
