"""What each part registers (menu entries aside): exporters, jobs, record templates, home counters …"""
