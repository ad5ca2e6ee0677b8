.intel_syntax noprefix
.globl _start
_start:
    mov rsi, [rsp+16]
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
    mov edi, 2
    mov esi, 1
    xor edx, edx
    mov eax, 41
    syscall
    test rax, rax
    js fail
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
    test rax, rax
    js fail
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
