package main

func oops( {
