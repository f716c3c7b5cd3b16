{
  "targets": [
    {
      "target_name": "pty",
      "sources": ["pty.c"],
      "cflags": ["-Wall", "-Wextra", "-Wno-unused-parameter"]
    }
  ]
}
