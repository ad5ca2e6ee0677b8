# kumos-forward PORT : connect to 127.0.0.1:PORT, relay stdin/stdout (one connection, run by docker exec).
# kumos-forward /PATH: listen on the unix socket PATH; per accepted connection read the port (2 bytes, network
#                      order), connect to 127.0.0.1:port, answer one byte (0, or the errno of connect), relay.
.intel_syntax noprefix
.globl _start
_start:
    mov rsi, [rsp+16]
    cmp byte ptr [rsi], 47
    je listener
    xor eax, eax
parse:
    movzx edx, byte ptr [rsi]
    test edx, edx
    jz parsed
    sub edx, 48
    imul eax, eax, 10
    add eax, edx
    inc rsi
    jmp parse
parsed:
    xchg al, ah
    mov r13d, eax
    call dial
    test rax, rax
    js fail
relay:
    mov eax, 57
    syscall
    test rax, rax
    js fail
    jz child
    xor edi, edi
    mov eax, 3
    syscall
    mov edi, 2
    mov eax, 3
    syscall
    mov r14, r12
    mov r15d, 1
    call copy
    mov edi, 1
    mov esi, 1
    mov eax, 48
    syscall
    xor edi, edi
    jmp exit
child:
    mov edi, 1
    mov eax, 3
    syscall
    mov edi, 2
    mov eax, 3
    syscall
    xor r14d, r14d
    mov r15, r12
    call copy
    mov rdi, r12
    mov esi, 1
    mov eax, 48
    syscall
    xor edi, edi
    jmp exit
fail:
    neg eax
    mov edi, eax
exit:
    mov eax, 60
    syscall

# dial: r13w = port (network order) -> r12 = socket connected to 127.0.0.1, rax < 0 on failure (-errno)
dial:
    mov edi, 2
    mov esi, 1
    xor edx, edx
    mov eax, 41
    syscall
    test rax, rax
    js dialed
    mov r12, rax
    sub rsp, 16
    mov word ptr [rsp], 2
    mov word ptr [rsp+2], r13w
    mov dword ptr [rsp+4], 0x0100007f
    mov qword ptr [rsp+8], 0
    mov rdi, r12
    mov rsi, rsp
    mov edx, 16
    mov eax, 42
    syscall
    add rsp, 16
dialed:
    ret

listener:
    mov rbx, rsi
    xor edi, edi
    mov eax, 95
    syscall
    sub rsp, 32
    mov qword ptr [rsp], 1
    mov qword ptr [rsp+8], 0
    mov qword ptr [rsp+16], 0
    mov qword ptr [rsp+24], 0
    mov edi, 17
    mov rsi, rsp
    xor edx, edx
    mov r10d, 8
    mov eax, 13
    syscall
    mov rdi, rbx
    mov eax, 87
    syscall
    mov edi, 1
    mov esi, 1
    xor edx, edx
    mov eax, 41
    syscall
    test rax, rax
    js fail
    mov rbp, rax
    sub rsp, 112
    mov word ptr [rsp], 1
    xor ecx, ecx
path:
    mov al, byte ptr [rbx+rcx]
    mov byte ptr [rsp+rcx+2], al
    inc ecx
    test al, al
    jz pathed
    cmp ecx, 107
    jb path
    mov byte ptr [rsp+rcx+2], 0
pathed:
    mov rdi, rbp
    mov rsi, rsp
    mov edx, 110
    mov eax, 49
    syscall
    test rax, rax
    js fail
    mov rdi, rbp
    mov esi, 128
    mov eax, 50
    syscall
    test rax, rax
    js fail
accept:
    mov rdi, rbp
    xor esi, esi
    xor edx, edx
    mov eax, 43
    syscall
    test rax, rax
    js accept
    mov rbx, rax
    mov eax, 57
    syscall
    test rax, rax
    jz served
    mov rdi, rbx
    mov eax, 3
    syscall
    jmp accept
served:
    mov rdi, rbp
    mov eax, 3
    syscall
    mov rdi, rbx
    xor esi, esi
    mov eax, 33
    syscall
    mov rdi, rbx
    mov esi, 1
    mov eax, 33
    syscall
    cmp rbx, 1
    jbe ported
    mov rdi, rbx
    mov eax, 3
    syscall
ported:
    xor edi, edi
    mov rsi, rsp
    mov edx, 2
    mov r10d, 0x100
    xor r8d, r8d
    xor r9d, r9d
    mov eax, 45
    syscall
    cmp rax, 2
    jne quit
    movzx r13d, word ptr [rsp]
    call dial
    neg eax
    mov byte ptr [rsp], al
    mov edi, 1
    mov rsi, rsp
    mov edx, 1
    mov eax, 1
    syscall
    cmp byte ptr [rsp], 0
    je relay
quit:
    xor edi, edi
    jmp exit

# copy: r14 -> r15 until the end or an error
copy:
    sub rsp, 16384
readloop:
    mov rdi, r14
    mov rsi, rsp
    mov edx, 16384
    xor eax, eax
    syscall
    test rax, rax
    jle done
    mov rbx, rax
    mov rbp, rsp
writeloop:
    mov rdi, r15
    mov rsi, rbp
    mov rdx, rbx
    mov eax, 1
    syscall
    test rax, rax
    jle done
    add rbp, rax
    sub rbx, rax
    jnz writeloop
    jmp readloop
done:
    add rsp, 16384
    ret
