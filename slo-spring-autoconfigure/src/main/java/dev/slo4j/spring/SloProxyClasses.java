package dev.slo4j.spring;

import dev.slo4j.spring.internal.SloCall;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.aop.SpringProxy;
import org.springframework.aop.TargetClassAware;
import org.springframework.aop.support.AopUtils;
import org.springframework.asm.ClassWriter;
import org.springframework.asm.Label;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.asm.Type;
import org.springframework.core.BridgeMethodResolver;
import org.springframework.objenesis.SpringObjenesis;
import org.springframework.util.ClassUtils;

/**
 * Generates, once per bean class, the class of a dedicated {@code @Slo} proxy whose methods call the bean directly.
 *
 * <p>Why generated and not CGLIB: a CGLIB proxy calls the bean through {@code MethodProxy.invoke}, whose call into the
 * bean class's {@code FastClass} is one call site for the whole JVM. With four {@code @Slo} classes the JIT makes it a
 * virtual call and the argument array escapes into it: issue 17 measured 13.6 ns and 24 bytes per call of a method
 * with two parameters, against 6.5 ns and 0 bytes for a proxy written by hand that calls the bean directly. This class
 * writes that proxy: each {@code @Slo} method is overridden as
 * <pre>{@code
 * R m(A a, B b) {
 *   SloCall call = this.slo4j$call0;
 *   long start = call.start();
 *   R result;
 *   try { result = this.slo4j$target.m(a, b); } catch (Throwable t) { call.threw(start, t); throw t; }
 *   call.returned(start, result);           // call.returned(start) for void or a primitive: never boxed
 *   return result == this.slo4j$target ? this : result;   // when R admits the proxy
 * }
 * }</pre>
 * and every other method the proxy can override calls the bean the same way without measuring. {@code equals} is true
 * for the proxy itself, {@link TargetClassAware#getTargetClass()} is the bean's class, and the proxy is a
 * {@link SpringProxy} whose class name has Spring's {@code $$} separator, so Spring sees through it as through its own.
 *
 * <p>The class is defined in the bean class's package and class loader (through {@link MethodHandles#privateLookupIn}),
 * which lets it subclass a package-private class and call package-private and protected methods of that package. It
 * refuses ({@link #of} returns empty, and the bean gets Spring's proxy instead) what it cannot do as well as Spring:
 * a protected method inherited from another package (the proxy could not call it on the bean), a bean class whose
 * package is not open to slo4j (a named module), or a class loader that does not see slo4j and Spring AOP.
 */
final class SloProxyClasses {

  /** Contains Spring's {@code $$} separator, which {@code ClassUtils.getUserClass} and {@code AopUtils} look for. */
  static final String SUFFIX = "$$Slo4jProxy$$";
  private static final String TARGET = "slo4j$target";
  private static final String CALL = "slo4j$call";
  private static final String SLO_CALL = Type.getInternalName(SloCall.class);
  private static final SpringObjenesis OBJENESIS = new SpringObjenesis();

  /** A generated class for one bean class and one list of measured methods, as CGLIB's cache keyed its classes. */
  record ProxyClass(Class<?> type, List<Method> measured, Field target, List<Field> calls) {

    /**
     * A proxy of {@code bean} whose i-th measured method calls {@code sloCalls.get(i)}; created without running a
     * constructor (the class declares none).
     */
    Object newInstance(Object bean, List<SloCall> sloCalls) {
      Object proxy = OBJENESIS.newInstance(type);
      try {
        target.set(proxy, bean);
        for (int i = 0; i < calls.size(); i++) {
          calls.get(i).set(proxy, sloCalls.get(i));
        }
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
      return proxy;
    }
  }

  private static final ClassValue<Map<List<Method>, Optional<ProxyClass>>> CLASSES = new ClassValue<>() {
    @Override
    protected Map<List<Method>, Optional<ProxyClass>> computeValue(Class<?> type) {
      return new ConcurrentHashMap<>();
    }
  };

  private SloProxyClasses() {}

  /** Whether {@code bean} is an instance of a class generated here. */
  static boolean isProxy(Object bean) {
    Class<?> type = bean.getClass();
    Class<?> superclass = type.getSuperclass();
    return bean instanceof SpringProxy && superclass != null && type.getName().startsWith(superclass.getName() + SUFFIX)
        && CLASSES.get(superclass).values().stream().anyMatch(c -> c.isPresent() && c.get().type() == type);
  }

  /**
   * The proxy class for {@code userClass} measuring {@code measured} (its {@code @Slo} methods, as found on the class),
   * or empty when this class cannot proxy it as well as Spring's proxy would.
   */
  static Optional<ProxyClass> of(Class<?> userClass, List<Method> measured) {
    Map<List<Method>, Optional<ProxyClass>> classes = CLASSES.get(userClass);
    synchronized (classes) {
      return classes.computeIfAbsent(List.copyOf(measured), m -> generate(userClass, m, classes.size()));
    }
  }

  /** One method of the proxy: the signature it overrides and calls, and the index of its SLO (-1: not measured). */
  private record Planned(Method method, int slo) {}

  private static Optional<ProxyClass> generate(Class<?> userClass, List<Method> measured, int serial) {
    ClassLoader loader = userClass.getClassLoader();
    if (!OBJENESIS.isWorthTrying() || Modifier.isFinal(userClass.getModifiers()) || userClass.isInterface()
        || userClass.isArray() || userClass.isPrimitive() || userClass.isSealed() || loader == null
        || !ClassUtils.isVisible(SloCall.class, loader) || !ClassUtils.isVisible(SpringProxy.class, loader)
        || !ClassUtils.isVisible(TargetClassAware.class, loader)) {
      return Optional.empty();
    }
    List<Planned> plan = plan(userClass, measured);
    if (plan == null) {
      return Optional.empty();
    }
    String name = userClass.getName() + SUFFIX + serial;
    try {
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(userClass, MethodHandles.lookup());
      Class<?> type = lookup.defineClass(write(userClass, name, plan, measured.size()));
      lookup.ensureInitialized(type); // verifies it now, not at the first call
      Field target = type.getField(TARGET);
      List<Field> calls = new ArrayList<>();
      for (int i = 0; i < measured.size(); i++) {
        calls.add(type.getField(CALL + i));
      }
      return Optional.of(new ProxyClass(type, measured, target, List.copyOf(calls)));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return Optional.empty(); // a named module not open to slo4j, a class that does not verify: Spring's proxy
    }
  }

  /**
   * The methods to override, one per signature (the most specific declaration), or null if a method the proxy must
   * serve cannot be called on the bean from the bean's package.
   */
  private static List<Planned> plan(Class<?> userClass, List<Method> measured) {
    Map<String, Method> bySignature = new LinkedHashMap<>();
    for (Class<?> c = userClass; c != null; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (!Modifier.isStatic(m.getModifiers()) && !Modifier.isPrivate(m.getModifiers())) {
          bySignature.putIfAbsent(m.getName() + Type.getMethodDescriptor(m), m);
        }
      }
    }
    for (Class<?> i : allInterfaces(userClass)) {
      for (Method m : i.getDeclaredMethods()) {
        int modifiers = m.getModifiers();
        if (!Modifier.isStatic(modifiers) && !Modifier.isPrivate(modifiers) && !Modifier.isAbstract(modifiers)) {
          bySignature.putIfAbsent(m.getName() + Type.getMethodDescriptor(m), m); // a default method not overridden
        }
      }
    }
    bySignature.remove("getTargetClass()Ljava/lang/Class;"); // the proxy's own (TargetClassAware)
    List<Planned> plan = new ArrayList<>();
    for (Method m : bySignature.values()) {
      Method declared = m;
      if (m.isBridge()) {
        declared = BridgeMethodResolver.findBridgedMethod(m);
        if (!Type.getMethodDescriptor(declared).equals(Type.getMethodDescriptor(m))) {
          continue; // a generic bridge calls the bridged method on the proxy, which measures it
        }
      }
      int slo = measured.indexOf(AopUtils.getMostSpecificMethod(declared, userClass));
      if (slo < 0) {
        slo = measured.indexOf(declared);
      }
      int modifiers = m.getModifiers();
      boolean samePackage = m.getDeclaringClass().getPackageName().equals(userClass.getPackageName())
          && m.getDeclaringClass().getClassLoader() == userClass.getClassLoader();
      if (Modifier.isFinal(modifiers) || !Modifier.isPublic(modifiers) && !samePackage
          && (m.getDeclaringClass() == Object.class || !Modifier.isProtected(modifiers))) {
        // Final, Object's clone and finalize, or package-private in another package: the proxy keeps its own.
        if (slo >= 0) {
          return null;
        }
        continue;
      }
      if (!Modifier.isPublic(modifiers) && !samePackage) {
        return null; // protected in another package: the proxy may override it but not call it on the bean
      }
      plan.add(new Planned(m, slo));
    }
    for (int i = 0; i < measured.size(); i++) {
      int slo = i;
      if (plan.stream().noneMatch(p -> p.slo() == slo)) {
        return null; // an @Slo method the proxy would not measure
      }
    }
    return plan;
  }

  /**
   * Every interface {@code type} implements, super-interfaces included, nearest first ({@code ClassUtils}' variant
   * stops at the interfaces each class names).
   */
  static Set<Class<?>> allInterfaces(Class<?> type) {
    Set<Class<?>> all = new LinkedHashSet<>();
    Deque<Class<?>> pending = new ArrayDeque<>();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.isInterface()) {
        pending.add(c);
      }
      pending.addAll(Arrays.asList(c.getInterfaces()));
    }
    while (!pending.isEmpty()) {
      Class<?> i = pending.poll();
      if (all.add(i)) {
        pending.addAll(Arrays.asList(i.getInterfaces()));
      }
    }
    return all;
  }

  private static byte[] write(Class<?> userClass, String name, List<Planned> plan, int calls) {
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
      @Override
      protected String getCommonSuperClass(String type1, String type2) {
        return "java/lang/Object"; // no frame merges two reference types; never load the application's classes here
      }
    };
    String internalName = name.replace('.', '/');
    String superName = Type.getInternalName(userClass);
    writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC, internalName, null,
        superName, new String[] {Type.getInternalName(SpringProxy.class), Type.getInternalName(TargetClassAware.class)});
    String targetDescriptor = Type.getDescriptor(userClass);
    writer.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, TARGET, targetDescriptor, null, null).visitEnd();
    for (int i = 0; i < calls; i++) {
      writer.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, CALL + i, "L" + SLO_CALL + ";", null, null)
          .visitEnd();
    }
    Proxy proxy = new Proxy(internalName, superName, targetDescriptor);
    for (Planned p : plan) {
      Method m = p.method();
      String descriptor = Type.getMethodDescriptor(m);
      String[] exceptions = new String[m.getExceptionTypes().length];
      for (int i = 0; i < exceptions.length; i++) {
        exceptions[i] = Type.getInternalName(m.getExceptionTypes()[i]);
      }
      int access = m.getModifiers() & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED) | (m.isVarArgs()
          ? Opcodes.ACC_VARARGS : 0);
      MethodVisitor mv = writer.visitMethod(access, m.getName(), descriptor, null, exceptions);
      mv.visitCode();
      boolean mayReturnProxy = m.getReturnType().isAssignableFrom(userClass);
      if (p.slo() >= 0) {
        proxy.measured(mv, m.getName(), descriptor, CALL + p.slo(), mayReturnProxy);
      } else if (m.getName().equals("equals") && descriptor.equals("(Ljava/lang/Object;)Z")) {
        proxy.equalsMethod(mv);
      } else {
        proxy.forwarded(mv, m.getName(), descriptor, mayReturnProxy);
      }
      mv.visitMaxs(0, 0);
      mv.visitEnd();
    }
    MethodVisitor mv = writer.visitMethod(Opcodes.ACC_PUBLIC, "getTargetClass", "()Ljava/lang/Class;", null, null);
    mv.visitCode();
    mv.visitLdcInsn(Type.getType(userClass));
    mv.visitInsn(Opcodes.ARETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    writer.visitEnd();
    return writer.toByteArray();
  }

  /** The bytecode of the proxy's methods. */
  private record Proxy(String internalName, String superName, String targetDescriptor) {

    private void loadTarget(MethodVisitor mv) {
      mv.visitVarInsn(Opcodes.ALOAD, 0);
      mv.visitFieldInsn(Opcodes.GETFIELD, internalName, TARGET, targetDescriptor);
    }

    /** Loads the arguments; returns the first free local slot. */
    private static int loadArguments(MethodVisitor mv, String descriptor) {
      int slot = 1;
      for (Type argument : Type.getArgumentTypes(descriptor)) {
        mv.visitVarInsn(argument.getOpcode(Opcodes.ILOAD), slot);
        slot += argument.getSize();
      }
      return slot;
    }

    /** {@code return result == target ? this : result} for a result in {@code slot}; or just returns it. */
    private void returnResult(MethodVisitor mv, Type type, int slot, boolean mayReturnProxy) {
      if (type.getSort() == Type.VOID) {
        mv.visitInsn(Opcodes.RETURN);
        return;
      }
      if (mayReturnProxy) {
        Label other = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, slot);
        loadTarget(mv);
        mv.visitJumpInsn(Opcodes.IF_ACMPNE, other);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitLabel(other);
      }
      mv.visitVarInsn(type.getOpcode(Opcodes.ILOAD), slot);
      mv.visitInsn(type.getOpcode(Opcodes.IRETURN));
    }

    void forwarded(MethodVisitor mv, String name, String descriptor, boolean mayReturnProxy) {
      loadTarget(mv);
      int free = loadArguments(mv, descriptor);
      mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, superName, name, descriptor, false);
      Type type = Type.getReturnType(descriptor);
      if (type.getSort() != Type.VOID) {
        mv.visitVarInsn(type.getOpcode(Opcodes.ISTORE), free);
      }
      returnResult(mv, type, free, mayReturnProxy);
    }

    void equalsMethod(MethodVisitor mv) {
      Label other = new Label();
      mv.visitVarInsn(Opcodes.ALOAD, 1);
      mv.visitVarInsn(Opcodes.ALOAD, 0);
      mv.visitJumpInsn(Opcodes.IF_ACMPNE, other);
      mv.visitInsn(Opcodes.ICONST_1);
      mv.visitInsn(Opcodes.IRETURN);
      mv.visitLabel(other);
      loadTarget(mv);
      mv.visitVarInsn(Opcodes.ALOAD, 1);
      mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, superName, "equals", "(Ljava/lang/Object;)Z", false);
      mv.visitInsn(Opcodes.IRETURN);
    }

    void measured(MethodVisitor mv, String name, String descriptor, String callField, boolean mayReturnProxy) {
      Type type = Type.getReturnType(descriptor);
      int call = 1;
      for (Type argument : Type.getArgumentTypes(descriptor)) {
        call += argument.getSize();
      }
      int start = call + 1;
      int result = start + 2;
      int failure = result + Math.max(type.getSize(), 1);
      Label tryStart = new Label();
      Label tryEnd = new Label();
      Label handler = new Label();
      mv.visitTryCatchBlock(tryStart, tryEnd, handler, "java/lang/Throwable");
      mv.visitVarInsn(Opcodes.ALOAD, 0);
      mv.visitFieldInsn(Opcodes.GETFIELD, internalName, callField, "L" + SLO_CALL + ";");
      mv.visitVarInsn(Opcodes.ASTORE, call);
      mv.visitVarInsn(Opcodes.ALOAD, call);
      mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SLO_CALL, "start", "()J", false);
      mv.visitVarInsn(Opcodes.LSTORE, start);
      mv.visitLabel(tryStart);
      loadTarget(mv);
      loadArguments(mv, descriptor);
      mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, superName, name, descriptor, false);
      mv.visitLabel(tryEnd);
      if (type.getSort() != Type.VOID) {
        mv.visitVarInsn(type.getOpcode(Opcodes.ISTORE), result);
      }
      mv.visitVarInsn(Opcodes.ALOAD, call);
      mv.visitVarInsn(Opcodes.LLOAD, start);
      boolean reference = type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY;
      if (reference) {
        mv.visitVarInsn(Opcodes.ALOAD, result);
      }
      mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SLO_CALL, "returned", reference ? "(JLjava/lang/Object;)V" : "(J)V",
          false);
      returnResult(mv, type, result, mayReturnProxy);
      mv.visitLabel(handler);
      mv.visitVarInsn(Opcodes.ASTORE, failure);
      mv.visitVarInsn(Opcodes.ALOAD, call);
      mv.visitVarInsn(Opcodes.LLOAD, start);
      mv.visitVarInsn(Opcodes.ALOAD, failure);
      mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SLO_CALL, "threw", "(JLjava/lang/Throwable;)V", false);
      mv.visitVarInsn(Opcodes.ALOAD, failure);
      mv.visitInsn(Opcodes.ATHROW);
    }
  }
}
